// Sampling ops (multinomial, bernoulli, dropout): their statistics over many draws, fixed-seed
// repeatability, dtypes, and dropout's gradient given its mask. The random streams are xgrad's
// own, not PyTorch's.
#include <doctest/doctest.h>

#include <set>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;
namespace F = xgrad::nn::functional;
using xgrad::testing::allclose;
using xgrad::testing::uniform_leaf64;

namespace {

// How often each of `categories` values occurs in an int64 tensor, as fractions.
std::vector<double> frequencies(const Tensor& samples, int64_t categories) {
  std::vector<double> counts(static_cast<size_t>(categories), 0.0);
  for (int64_t v : samples.to_xarray<int64_t>()) counts.at(static_cast<size_t>(v)) += 1;
  for (double& c : counts) c /= static_cast<double>(samples.numel());
  return counts;
}

}  // namespace

TEST_CASE("multinomial_with_replacement_draws_categories_at_their_normalised_weights") {
  manual_seed(1);
  const Tensor samples = multinomial(tensor({1.0, 2.0, 0.0, 7.0}), 40000, /*replacement=*/true);
  CHECK(samples.dtype() == kInt64);
  CHECK(samples.sizes() == Sizes{40000});
  const std::vector<double> freq = frequencies(samples, 4);
  CHECK(freq[0] == doctest::Approx(0.1).epsilon(0.1));
  CHECK(freq[1] == doctest::Approx(0.2).epsilon(0.05));
  CHECK(freq[2] == 0.0);
  CHECK(freq[3] == doctest::Approx(0.7).epsilon(0.02));
}

TEST_CASE("multinomial_of_2d_weights_draws_each_row_from_its_own_distribution") {
  manual_seed(2);
  const Tensor samples =
      multinomial(tensor({{0.0, 1.0, 0.0}, {0.5, 0.0, 0.5}}, kFloat64), 2000, true);
  CHECK(samples.sizes() == Sizes{2, 2000});
  CHECK(frequencies(samples[0], 3)[1] == 1.0);
  const std::vector<double> second = frequencies(samples[1], 3);
  CHECK(second[1] == 0.0);
  CHECK(second[0] == doctest::Approx(0.5).epsilon(0.08));
}

TEST_CASE("multinomial_without_replacement_never_repeats_and_picks_first_by_weight") {
  manual_seed(3);
  const Tensor all = multinomial(tensor({{0.2, 0.3, 0.5, 1.0}, {1.0, 1.0, 1.0, 1.0}}), 4);
  for (int64_t r = 0; r < 2; ++r) {
    const xt::xarray<int64_t> row = all[r].to_xarray<int64_t>();
    CHECK(std::set<int64_t>(row.begin(), row.end()).size() == 4);
  }
  // The first pick is drawn at the weights; zero weights come only after all others.
  std::vector<double> first(3, 0.0);
  const int draws = 20000;
  for (int i = 0; i < draws; ++i) {
    const Tensor s = multinomial(tensor({1.0, 3.0, 0.0}), 2);
    first.at(static_cast<size_t>(s.to_xarray<int64_t>()(0))) += 1.0 / draws;
    CHECK(s.to_xarray<int64_t>()(1) != 2);
  }
  CHECK(first[1] == doctest::Approx(0.75).epsilon(0.02));
  CHECK(first[2] == 0.0);
  CHECK(allclose(multinomial(tensor({1.0, 0.0, 0.0}), 3).narrow(0, 0, 1), tensor({0.0})));
}

TEST_CASE("sampling_ops_repeat_exactly_after_manual_seed") {
  const Tensor x = ones({50});
  manual_seed(42);
  const Tensor m1 = multinomial(tensor({1.0, 2.0, 3.0}), 20, true),
               n1 = multinomial(ones({2, 9}), 9);
  const Tensor b1 = bernoulli(full({50}, 0.5)), d1 = F::dropout(x, 0.5);
  manual_seed(42);
  const Tensor m2 = multinomial(tensor({1.0, 2.0, 3.0}), 20, true),
               n2 = multinomial(ones({2, 9}), 9);
  const Tensor b2 = bernoulli(full({50}, 0.5)), d2 = F::dropout(x, 0.5);
  CHECK(allclose(m1, m2, 0, 0));
  CHECK(allclose(n1, n2, 0, 0));
  CHECK(allclose(b1, b2, 0, 0));
  CHECK(allclose(d1, d2, 0, 0));
}

TEST_CASE("bernoulli_gives_zeros_and_ones_in_the_dtype_of_p_at_rate_p") {
  manual_seed(4);
  const Tensor p = tensor({0.0, 1.0, 0.25}, kFloat64).reshape({3, 1}).expand({3, 20000});
  const Tensor draws = bernoulli(p);
  CHECK(draws.dtype() == kFloat64);
  CHECK(draws.sizes() == Sizes{3, 20000});
  const Tensor rates = draws.mean({1});
  CHECK(rates[0].item() == 0.0);
  CHECK(rates[1].item() == 1.0);
  CHECK(rates[2].item() == doctest::Approx(0.25).epsilon(0.04));
  const xt::xarray<double> values = draws.data<double>();
  for (double v : values) CHECK((v == 0.0 || v == 1.0));
  CHECK(bernoulli(full({2}, 0.5, kFloat32)).dtype() == kFloat32);
}

TEST_CASE("dropout_zeroes_at_rate_p_and_scales_the_rest_by_one_over_one_minus_p") {
  manual_seed(5);
  const Tensor out = F::dropout(ones({20000}), 0.3);
  const xt::xarray<float> values = out.data<float>();
  double zeros_seen = 0;
  for (float v : values) {
    if (v == 0.0f) {
      zeros_seen += 1;
    } else {
      CHECK(v == doctest::Approx(1.0 / 0.7));
    }
  }
  CHECK(zeros_seen / 20000 == doctest::Approx(0.3).epsilon(0.05));
}

TEST_CASE("dropout_gradient_is_the_gradient_times_its_mask_over_one_minus_p") {
  manual_seed(6);
  const Tensor x = uniform_leaf64({4, 5}, 0.5, 1.5);
  const Tensor w = uniform_leaf64({4, 5}).detach();
  const Tensor out = F::dropout(x, 0.4);
  (out * w).sum().backward();
  const Tensor scaled_mask = out.detach() / x.detach();  // 0 or 1 / 0.6
  CHECK(allclose(x.grad(), w * scaled_mask, 1e-12, 1e-14));
  const xt::xarray<double> mask = scaled_mask.data<double>();
  for (double v : mask) CHECK((v == 0.0 || v == doctest::Approx(1.0 / 0.6)));
}

TEST_CASE("dropout_is_the_input_itself_when_not_training_or_p_is_0_and_zeros_when_p_is_1") {
  const Tensor x = uniform_leaf64({3, 4});
  CHECK(F::dropout(x, 0.5, /*training=*/false).is_same(x));
  CHECK(F::dropout(x, 0.0).is_same(x));
  CHECK(F::dropout(tensor({1, 2}), 0.5, false).dtype() == kInt64);
  const Tensor dropped = F::dropout(x, 1.0);
  CHECK(allclose(dropped, zeros({3, 4})));
  dropped.sum().backward();
  CHECK(allclose(x.grad(), zeros({3, 4})));
}
