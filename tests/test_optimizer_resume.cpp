// Every optimizer's state_dict, saved with xgrad::save mid-run and loaded into fresh objects,
// resumes training bit for bit; parameter groups are saved and restored with it.
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "optim_golden_model.hpp"
#include "serialization_helpers.hpp"

using namespace xgrad;
using xgrad::testing::Fixture;
using xgrad::testing::GruHead;
using xgrad::testing::identical;
using xgrad::testing::TempDir;

namespace {

// Both undefined, or both defined and identical.
bool same_state_tensor(const Tensor& a, const Tensor& b) {
  if (!a.defined() || !b.defined()) return a.defined() == b.defined();
  return identical(a, b);
}

bool same_parameters_and_state(const GruHead& a, const optim::Optimizer& oa, const GruHead& b,
                               const optim::Optimizer& ob) {
  const auto pa = a.parameters(), pb = b.parameters();
  for (size_t i = 0; i < pa.size(); ++i) {
    const optim::ParamState &sa = oa.state(i), &sb = ob.state(i);
    if (!identical(pa[i], pb[i]) || !same_state_tensor(sa.step, sb.step) ||
        !same_state_tensor(sa.exp_avg, sb.exp_avg) ||
        !same_state_tensor(sa.exp_avg_sq, sb.exp_avg_sq) ||
        !same_state_tensor(sa.max_exp_avg_sq, sb.max_exp_avg_sq) ||
        !same_state_tensor(sa.square_avg, sb.square_avg) ||
        !same_state_tensor(sa.grad_avg, sb.grad_avg) ||
        !same_state_tensor(sa.momentum_buffer, sb.momentum_buffer) ||
        !same_state_tensor(sa.sum, sb.sum)) {
      return false;
    }
  }
  return true;
}

// Makes an optimizer over the GRU's parameters (group 0, own options) and the Linear's (group
// 1, the defaults); `other` gives different settings, which a load must replace.
using Make = std::function<std::unique_ptr<optim::Optimizer>(const GruHead&, bool other)>;

std::vector<optim::OptimizerParamGroup> groups_of(const GruHead& m,
                                                  std::unique_ptr<optim::OptimizerOptions> own) {
  return {optim::OptimizerParamGroup(m.gru->parameters(), std::move(own)),
          optim::OptimizerParamGroup(m.head->parameters())};
}

// Train N + M steps straight; then N steps, save, load into fresh objects (other weights, other
// settings) and M more steps. Both must end bit for bit the same, state included.
void check_resume_is_bit_for_bit(const Make& make) {
  const Fixture fx("optim_trajectories.json");
  const Tensor x = fx.tensor("x"), y = fx.tensor("y");
  const int n = 3, m = 4;
  const auto straight = testing::golden_model(fx);
  const auto straight_opt = make(*straight, false);
  for (int s = 0; s < n + m; ++s) testing::train_step(*straight, *straight_opt, x, y);

  TempDir dir;
  {
    const auto first = testing::golden_model(fx);
    const auto first_opt = make(*first, false);
    for (int s = 0; s < n; ++s) testing::train_step(*first, *first_opt, x, y);
    save(*first, dir / "model.safetensors");
    save(*first_opt, dir / "optimizer.safetensors");
  }
  manual_seed(7);
  GruHead resumed;
  const auto resumed_opt = make(resumed, true);
  load(resumed, dir / "model.safetensors");
  load(*resumed_opt, dir / "optimizer.safetensors");
  for (int s = 0; s < m; ++s) testing::train_step(resumed, *resumed_opt, x, y);
  CHECK(same_parameters_and_state(resumed, *resumed_opt, *straight, *straight_opt));

  // The comparison notices a resume without the optimizer's state.
  manual_seed(7);
  GruHead forgetful;
  const auto forgetful_opt = make(forgetful, false);
  load(forgetful, dir / "model.safetensors");
  for (int s = 0; s < m; ++s) testing::train_step(forgetful, *forgetful_opt, x, y);
  CHECK_FALSE(same_parameters_and_state(forgetful, *forgetful_opt, *straight, *straight_opt));
}

}  // namespace

TEST_CASE("training_resumed_from_saved_adam_state_is_bit_for_bit") {
  check_resume_is_bit_for_bit([](const GruHead& m, bool other) {
    return std::make_unique<optim::Adam>(
        groups_of(m,
                  optim::AdamOptions(other ? 0.5 : 0.02).amsgrad(true).weight_decay(0.1).clone()),
        optim::AdamOptions(other ? 0.1 : 0.01).betas({0.8, other ? 0.9 : 0.99}));
  });
}

TEST_CASE("training_resumed_from_saved_adamw_state_is_bit_for_bit") {
  check_resume_is_bit_for_bit([](const GruHead& m, bool other) {
    return std::make_unique<optim::AdamW>(
        groups_of(m, optim::AdamWOptions(0.02).maximize(other).amsgrad(!other).clone()),
        optim::AdamWOptions(0.01).weight_decay(other ? 0.5 : 0.1));
  });
}

TEST_CASE("training_resumed_from_saved_rmsprop_state_is_bit_for_bit") {
  check_resume_is_bit_for_bit([](const GruHead& m, bool other) {
    return std::make_unique<optim::RMSprop>(
        groups_of(m, optim::RMSpropOptions(0.01).centered(!other).momentum(0.9).clone()),
        optim::RMSpropOptions(0.005).alpha(other ? 0.5 : 0.9).weight_decay(0.01));
  });
}

TEST_CASE("training_resumed_from_saved_adagrad_state_is_bit_for_bit") {
  check_resume_is_bit_for_bit([](const GruHead& m, bool other) {
    return std::make_unique<optim::Adagrad>(
        groups_of(m, optim::AdagradOptions(0.1).lr_decay(other ? 0.0 : 0.1).clone()),
        optim::AdagradOptions(0.05).initial_accumulator_value(other ? 1.0 : 0.1));
  });
}

TEST_CASE("training_resumed_from_saved_sgd_state_with_groups_is_bit_for_bit") {
  check_resume_is_bit_for_bit([](const GruHead& m, bool other) {
    return std::make_unique<optim::SGD>(
        groups_of(m, optim::SGDOptions(0.1).momentum(other ? 0.0 : 0.9).nesterov(!other).clone()),
        optim::SGDOptions(0.05).momentum(0.5).dampening(other ? 0.0 : 0.1));
  });
}
