#pragma once

// Internal: the MPI communicator of the process group, and MPI error codes as exceptions. Only
// the distributed library's .cpp files include this header (it needs <mpi.h>).

#include <mpi.h>

#include <cstdint>
#include <vector>

#include "xgrad/framework/dtype.hpp"

namespace xgrad::distributed::detail {

// The group's communicator; throws std::runtime_error naming `op` before init().
MPI_Comm communicator(const char* op);
// Throws std::runtime_error("<op>(): MPI failed: <MPI's message>") unless code is MPI_SUCCESS.
void check_mpi(int code, const char* op);
MPI_Datatype mpi_type(Dtype dtype);
// True on every rank when every rank passed the same values (as many on every rank), false on
// every rank otherwise: one allreduce of (values, -values) with MPI_MAX.
bool same_on_every_rank(const std::vector<int64_t>& values, const char* op);

}  // namespace xgrad::distributed::detail
