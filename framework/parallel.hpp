#pragma once

// How many threads xgrad's own parallel work may use, as torch.get_num_threads() and
// torch.set_num_threads() (https://pytorch.org/docs/1.13/generated/torch.set_num_threads.html).
// Today that is the fused recurrent layers' backward, which computes the weight gradients on a
// second thread while the steps are walked when this is at least 2. OpenBLAS keeps its own
// setting (OPENBLAS_NUM_THREADS).
namespace xgrad {

// The value set last; by default OMP_NUM_THREADS when it is a positive integer (as PyTorch's
// default follows it), else the number of hardware threads.
int get_num_threads();

// Throws std::invalid_argument unless threads > 0 ("set_num_threads expects a positive integer").
void set_num_threads(int threads);

}  // namespace xgrad
