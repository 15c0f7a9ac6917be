#pragma once

// Data-parallel training over MPI (the xgrad::distributed library, built when CMake finds MPI):
// #include <xgrad/distributed.hpp> and link xgrad::distributed. Run the program under mpirun.

#include "xgrad/framework/distributed/broadcast_parameters.hpp"
#include "xgrad/framework/distributed/collectives.hpp"
#include "xgrad/framework/distributed/gradient_averager.hpp"
#include "xgrad/framework/distributed/process_group.hpp"
#include "xgrad/xgrad.hpp"
