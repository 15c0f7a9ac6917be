#pragma once

#include <cstdint>
#include <vector>

namespace xgrad::data {

// Which dataset indices a DataLoader loads in an epoch, in order, as torch.utils.data.Sampler:
// DataLoaderOptions(32).sampler(std::make_shared<DistributedSampler>(...)). The loader asks for
// indices() once at the start of each epoch and cuts them into batches.
class Sampler {
 public:
  virtual ~Sampler() = default;
  // The indices of the next epoch (PyTorch's iter(sampler)).
  virtual std::vector<int64_t> indices() const = 0;
  // How many indices indices() gives (PyTorch's len(sampler)).
  virtual int64_t size() const = 0;
};

}  // namespace xgrad::data
