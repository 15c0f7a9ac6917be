// The last rank dies (SIGKILL) while the others wait in an all_reduce: they must not hang. Run by
// rank_dies_test.cmake, which expects mpirun to fail well within its timeout.
#include <csignal>
#include <cstdio>
#include <exception>
#include <xgrad/distributed.hpp>

namespace dist = xgrad::distributed;

int main() {
  dist::InitGuard mpi;
  dist::barrier();
  if (dist::rank() == dist::world_size() - 1) std::raise(SIGKILL);
  try {
    const xgrad::Tensor t = xgrad::ones({4});
    for (;;) dist::all_reduce(t);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rank %d: %s\n", dist::rank(), e.what());
    return 1;
  }
}
