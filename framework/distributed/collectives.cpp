#include "xgrad/framework/distributed/collectives.hpp"

#include <climits>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/distributed/detail/communicator.hpp"
#include "xgrad/framework/distributed/process_group.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad::distributed {

namespace {

// Throws on every rank unless every rank passed a defined tensor of the same dtype and sizes.
void check_same_tensor_on_every_rank(const Tensor& tensor, const char* op) {
  detail::communicator(op);
  XGRAD_CHECK(tensor.defined(), std::invalid_argument, op,
              "(): expected a defined tensor, but got an undefined one");
  XGRAD_CHECK(tensor.numel() <= INT_MAX, std::invalid_argument, op, "(): expected at most ",
              INT_MAX, " elements (MPI's count), but got ", tensor.numel());
  const std::vector<int64_t> head{static_cast<int64_t>(tensor.dtype()), tensor.dim()};
  const bool same =
      detail::same_on_every_rank(head, op) && detail::same_on_every_rank(tensor.sizes().vec(), op);
  XGRAD_CHECK(same, std::runtime_error, op,
              "(): expected a tensor of the same dtype and sizes on every rank, but the ranks "
              "differ (rank ",
              rank(), " has a ", tensor.dtype(), " tensor of sizes ", tensor.sizes(), ")");
}

MPI_Op mpi_op(ReduceOp op, Dtype dtype) {
  if (dtype == kBool) {
    XGRAD_CHECK(op != ReduceOp::kAvg, std::runtime_error,
                "all_reduce(): Cannot use ReduceOp.AVG with boolean inputs");
    return op == ReduceOp::kMin ? MPI_LAND : MPI_LOR;
  }
  switch (op) {
    case ReduceOp::kMax:
      return MPI_MAX;
    case ReduceOp::kMin:
      return MPI_MIN;
    case ReduceOp::kSum:
    case ReduceOp::kAvg:
      break;
  }
  return MPI_SUM;
}

// Runs `write(contiguous)` on `tensor`'s values, through a contiguous copy when it has none.
template <typename Write>
void write_contiguous(const Tensor& tensor, Write write) {
  NoGradGuard no_grad;
  if (tensor.is_contiguous()) {
    write(tensor);
    return;
  }
  Tensor copy = tensor.contiguous();
  write(copy);
  Tensor(tensor).copy_(copy);
}

}  // namespace

void all_reduce(const Tensor& tensor, ReduceOp op) {
  check_same_tensor_on_every_rank(tensor, "all_reduce");
  const MPI_Op reduction = mpi_op(op, tensor.dtype());
  const int ranks = world_size();
  write_contiguous(tensor, [&](const Tensor& values) {
    xgrad::detail::with_dtype(values.dtype(), [&](auto zero) {
      using T = decltype(zero);
      T* data = values.data_ptr<T>();
      const auto count = static_cast<int>(values.numel());
      detail::check_mpi(MPI_Allreduce(MPI_IN_PLACE, data, count, detail::mpi_type(values.dtype()),
                                      reduction, detail::communicator("all_reduce")),
                        "all_reduce");
      if constexpr (!std::is_same_v<T, bool>) {
        if (op == ReduceOp::kAvg) {
          for (int i = 0; i < count; ++i) data[i] /= static_cast<T>(ranks);
        }
      }
    });
  });
}

void broadcast(const Tensor& tensor, int root) {
  detail::communicator("broadcast");
  const int ranks = world_size();
  XGRAD_CHECK(root >= 0 && root < ranks, std::invalid_argument,
              "broadcast(): expected a root rank in [0, ", ranks - 1, "], but got ", root);
  check_same_tensor_on_every_rank(tensor, "broadcast");
  write_contiguous(tensor, [&](const Tensor& values) {
    xgrad::detail::with_dtype(values.dtype(), [&](auto zero) {
      using T = decltype(zero);
      detail::check_mpi(
          MPI_Bcast(values.data_ptr<T>(), static_cast<int>(values.numel()),
                    detail::mpi_type(values.dtype()), root, detail::communicator("broadcast")),
          "broadcast");
    });
  });
}

std::vector<Tensor> all_gather(const Tensor& tensor) {
  check_same_tensor_on_every_rank(tensor, "all_gather");
  NoGradGuard no_grad;
  const Tensor mine = tensor.contiguous();
  const int ranks = world_size();
  std::vector<int64_t> gathered_sizes{ranks};
  for (int64_t size : tensor.sizes()) gathered_sizes.push_back(size);
  const Tensor gathered = empty(gathered_sizes, tensor.dtype());
  xgrad::detail::with_dtype(tensor.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const auto count = static_cast<int>(tensor.numel());
    const MPI_Datatype type = detail::mpi_type(tensor.dtype());
    detail::check_mpi(MPI_Allgather(mine.data_ptr<T>(), count, type, gathered.data_ptr<T>(), count,
                                    type, detail::communicator("all_gather")),
                      "all_gather");
  });
  std::vector<Tensor> per_rank;
  for (int r = 0; r < ranks; ++r) per_rank.push_back(gathered[r].clone());
  return per_rank;
}

}  // namespace xgrad::distributed
