#include "xgrad/framework/distributed/gradient_averager.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <stdexcept>
#include <xtensor/xarray.hpp>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/distributed/detail/communicator.hpp"
#include "xgrad/framework/distributed/process_group.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad::distributed {

namespace {

size_t element_size(Dtype dtype) {
  return dtype == kFloat32 ? sizeof(float) : sizeof(double);
}

// Calls f(T{}) with T the element type of a floating dtype (only those require grad).
template <typename F>
void with_floating(Dtype dtype, F&& f) {
  if (dtype == kFloat32) {
    f(float{});
  } else {
    f(double{});
  }
}

// A parameter's grad into buffer[0, numel), zeros without a grad.
template <typename T>
void pack(const Tensor& parameter, T* buffer) {
  const Tensor grad = parameter.grad();
  if (!grad.defined()) {
    std::fill_n(buffer, parameter.numel(), T(0));
    return;
  }
  const Tensor values = grad.contiguous();
  std::copy_n(values.data_ptr<T>(), parameter.numel(), buffer);
}

// buffer[0, numel) / ranks as the parameter's new grad (a fresh tensor: the old grad may be
// shared with another tensor, so it is never written in place).
template <typename T>
void unpack(const Tensor& parameter, const T* buffer, int ranks) {
  const Sizes sizes = parameter.sizes();
  xt::xarray<T> mean(std::vector<size_t>(sizes.begin(), sizes.end()));
  const T scale = T(1) / static_cast<T>(ranks);
  std::transform(buffer, buffer + parameter.numel(), mean.data(),
                 [scale](T sum) { return sum * scale; });
  parameter.set_grad(tensor(std::move(mean)));
}

}  // namespace

GradientAverager::GradientAverager(const nn::Module& module, size_t bucket_bytes) {
  detail::communicator("GradientAverager");
  XGRAD_CHECK(bucket_bytes > 0, std::invalid_argument,
              "GradientAverager: expected a positive bucket_bytes, but got 0");
  std::vector<Tensor> parameters = module.parameters();
  std::reverse(parameters.begin(), parameters.end());
  std::vector<int64_t> layout;   // each parameter's dtype and sizes, to compare across ranks
  std::map<Dtype, size_t> open;  // the bucket each dtype fills now
  int64_t largest = 0;           // elements in the largest bucket
  for (const Tensor& parameter : parameters) {
    if (!parameter.requires_grad()) continue;
    const Dtype dtype = parameter.dtype();
    layout.push_back(static_cast<int64_t>(dtype));
    for (int64_t size : parameter.sizes()) layout.push_back(size);
    auto at = open.find(dtype);
    const bool fits =
        at != open.end() &&
        static_cast<size_t>(buckets_[at->second].numel + parameter.numel()) * element_size(dtype) <=
            bucket_bytes;
    if (!fits) {
      buckets_.push_back(Bucket{dtype, {}, 0});
      at = open.insert_or_assign(dtype, buckets_.size() - 1).first;
    }
    Bucket& bucket = buckets_[at->second];
    bucket.parameters.push_back(parameter);
    bucket.numel += parameter.numel();
    largest = std::max(largest, bucket.numel);
  }
  const bool same =
      detail::same_on_every_rank({static_cast<int64_t>(layout.size())}, "GradientAverager") &&
      detail::same_on_every_rank(layout, "GradientAverager");
  XGRAD_CHECK(same, std::runtime_error,
              "GradientAverager: expected the same parameters (dtypes and sizes, in the same "
              "order) on every rank, but the ranks differ (rank ",
              rank(), " has ", parameters.size(), " parameters)");
  XGRAD_CHECK(largest <= INT_MAX, std::invalid_argument, "GradientAverager: a bucket of ", largest,
              " elements is more than one MPI allreduce takes (", INT_MAX,
              "); a parameter that large needs a smaller dtype or to be split");
}

void GradientAverager::synchronize() {
  const char* op = "GradientAverager::synchronize";
  MPI_Comm comm = detail::communicator(op);
  const int ranks = world_size();
  NoGradGuard no_grad;
  std::vector<Tensor> buffers(buckets_.size());
  std::vector<MPI_Request> requests(buckets_.size(), MPI_REQUEST_NULL);
  for (size_t b = 0; b < buckets_.size(); ++b) {
    const Bucket& bucket = buckets_[b];
    buffers[b] = empty({bucket.numel}, bucket.dtype);
    with_floating(bucket.dtype, [&](auto zero) {
      auto* const start = buffers[b].data_ptr<decltype(zero)>();
      auto* at = start;
      for (const Tensor& parameter : bucket.parameters) {
        pack(parameter, at);
        at += parameter.numel();
      }
      detail::check_mpi(MPI_Iallreduce(MPI_IN_PLACE, start, static_cast<int>(bucket.numel),
                                       detail::mpi_type(bucket.dtype), MPI_SUM, comm, &requests[b]),
                        op);
    });
  }
  for (size_t b = 0; b < buckets_.size(); ++b) {
    detail::check_mpi(MPI_Wait(&requests[b], MPI_STATUS_IGNORE), op);
    const Bucket& bucket = buckets_[b];
    with_floating(bucket.dtype, [&](auto zero) {
      const auto* at = buffers[b].data_ptr<decltype(zero)>();
      for (const Tensor& parameter : bucket.parameters) {
        unpack(parameter, at, ranks);
        at += parameter.numel();
      }
    });
  }
}

}  // namespace xgrad::distributed
