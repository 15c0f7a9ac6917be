#pragma once

namespace xgrad::distributed {

// The process group of all ranks that mpirun started, as torch.distributed's default group on
// its MPI backend. Every function below but is_initialized() needs init() first.
//
//   int main() {
//     xgrad::distributed::InitGuard mpi;  // init() now, finalize() at the end of main
//     ...
//   }
//
// init() initializes MPI (unless the program already did) and sets MPI's error handler to
// return errors, which the collectives then throw as std::runtime_error. When a rank dies, Open
// MPI's mpirun ends the others and exits with an error naming the rank; no rank waits forever.
// Throws std::runtime_error when already initialized or when MPI was finalized.
void init();
// Releases the group, and finalizes MPI if init() initialized it. Nothing when not initialized.
void finalize();
bool is_initialized();
// The number of ranks and this process's rank in [0, world_size()).
int world_size();
int rank();
// Returns on every rank once every rank has called it.
void barrier();

// init() when made, finalize() when destroyed.
class InitGuard {
 public:
  InitGuard() { init(); }
  ~InitGuard() { finalize(); }
  InitGuard(const InitGuard&) = delete;
  InitGuard& operator=(const InitGuard&) = delete;
};

}  // namespace xgrad::distributed
