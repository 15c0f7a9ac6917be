#include "xgrad/framework/ops/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/random.hpp"

namespace xgrad {

namespace {

// One row of weights: num_samples draws with replacement, by inverting the cumulative sums.
void draw_with_replacement(const std::vector<double>& weights, int64_t num_samples,
                           std::mt19937_64& engine, int64_t* out) {
  std::vector<double> cumulative(weights.size());
  std::partial_sum(weights.begin(), weights.end(), cumulative.begin());
  const double total = cumulative.back();
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int64_t s = 0; s < num_samples; ++s) {
    const double u = uniform(engine) * total;
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    // Rounding may put u at the very top: take the last category with a nonzero weight.
    auto pick = static_cast<int64_t>(it - cumulative.begin());
    if (it == cumulative.end()) {
      pick = static_cast<int64_t>(weights.size()) - 1;
      while (weights[static_cast<size_t>(pick)] == 0) --pick;
    }
    out[s] = pick;
  }
}

// One row of weights: num_samples distinct categories, the smallest of the keys E_i / w_i
// (E_i exponential): each next pick is drawn with probability proportional to its weight among
// the ones left, and zero weights come last.
void draw_without_replacement(const std::vector<double>& weights, int64_t num_samples,
                              std::mt19937_64& engine, int64_t* out) {
  std::exponential_distribution<double> exponential(1.0);
  std::vector<std::pair<double, int64_t>> keys(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    const double e = exponential(engine);
    keys[i] = {weights[i] > 0 ? e / weights[i] : std::numeric_limits<double>::infinity(),
               static_cast<int64_t>(i)};
  }
  std::partial_sort(keys.begin(), keys.begin() + num_samples, keys.end());
  for (int64_t s = 0; s < num_samples; ++s) out[s] = keys[static_cast<size_t>(s)].second;
}

}  // namespace

Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement) {
  detail::check_defined(probs, "multinomial");
  XGRAD_CHECK(probs.is_floating_point(), std::invalid_argument,
              "multinomial only supports floating-point dtypes for input, got: ",
              detail::scalar_type_title(probs.dtype()));
  XGRAD_CHECK(probs.dim() == 1 || probs.dim() == 2, std::invalid_argument,
              "prob_dist must be 1 or 2 dim (got ", probs.dim(), " dims)");
  XGRAD_CHECK(num_samples > 0, std::invalid_argument, "cannot sample n_sample <= 0 samples (got ",
              num_samples, ")");
  const int64_t categories = probs.size(-1);
  XGRAD_CHECK(replacement || num_samples <= categories, std::invalid_argument,
              "cannot sample n_sample > prob_dist.size(-1) samples without replacement (got ",
              num_samples, " samples of ", categories, " categories)");
  const int64_t rows = probs.dim() == 2 ? probs.size(0) : 1;
  const xt::xarray<double> weights = probs.to_xarray<double>();
  for (double w : weights) {
    XGRAD_CHECK(std::isfinite(w) && w >= 0, std::invalid_argument,
                "probability tensor contains either `inf`, `nan` or element < 0 (got ", w, ")");
  }
  xt::xarray<int64_t> out(probs.dim() == 2 ? std::vector<size_t>{static_cast<size_t>(rows),
                                                                 static_cast<size_t>(num_samples)}
                                           : std::vector<size_t>{static_cast<size_t>(num_samples)});
  std::vector<std::vector<double>> row_weights(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    const double* begin = weights.data() + r * categories;
    row_weights[static_cast<size_t>(r)].assign(begin, begin + categories);
    const double sum = std::accumulate(begin, begin + categories, 0.0);
    XGRAD_CHECK(sum > 0, std::invalid_argument,
                "invalid multinomial distribution (sum of probabilities <= 0)");
  }
  detail::with_generator([&](std::mt19937_64& engine) {
    for (int64_t r = 0; r < rows; ++r) {
      int64_t* row_out = out.data() + r * num_samples;
      if (replacement) {
        draw_with_replacement(row_weights[static_cast<size_t>(r)], num_samples, engine, row_out);
      } else {
        draw_without_replacement(row_weights[static_cast<size_t>(r)], num_samples, engine, row_out);
      }
    }
  });
  return detail::make_tensor(std::move(out));
}

Tensor bernoulli(const Tensor& p) {
  detail::check_defined(p, "bernoulli");
  return detail::visit_floating_values(p, "bernoulli_tensor_cpu_p_", [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    for (T v : x) {
      XGRAD_CHECK(
          v >= 0 && v <= 1, std::invalid_argument,
          "Expected p_in >= 0 && p_in <= 1 to be true, but got false. (bernoulli(): p must be in "
          "[0, 1], got ",
          v, ")");
    }
    xt::xarray<T> out(x.shape());
    detail::with_generator([&](std::mt19937_64& engine) {
      std::uniform_real_distribution<double> uniform(0.0, 1.0);
      for (size_t i = 0; i < x.size(); ++i)
        out.data()[i] = uniform(engine) < x.data()[i] ? T(1) : T(0);
    });
    return detail::make_tensor(std::move(out));
  });
}

}  // namespace xgrad
