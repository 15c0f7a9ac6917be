#pragma once

// How many threads xgrad may use, as torch.get_num_threads() and torch.set_num_threads()
// (https://pytorch.org/docs/1.13/generated/torch.set_num_threads.html). At 2 or more, a big enough
// fused recurrent layer shares its passes with a second thread of its own
// (nn/rnn_fused_layer.cpp). set_num_threads() also caps OpenBLAS's threads, as PyTorch's caps
// its OpenMP and MKL ones, but never above the count OpenBLAS started with
// (OPENBLAS_NUM_THREADS): set_num_threads(1) keeps all the work on the calling thread.
namespace xgrad {

// The value set last; by default OMP_NUM_THREADS when it is a positive integer (as PyTorch's
// default follows it), else the number of hardware threads.
int get_num_threads();

// Process-wide, as PyTorch's. Throws std::invalid_argument unless threads > 0
// ("set_num_threads expects a positive integer").
void set_num_threads(int threads);

}  // namespace xgrad
