#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "test_helpers.hpp"

using namespace xgrad;

namespace {

// A user-defined model with two submodules and a parameter of its own, cloneable as the
// contract in nn/cloneable.hpp says.
class Seq2One : public nn::Cloneable<Seq2One> {
 public:
  Seq2One(int64_t input_size, int64_t hidden_size)
      : Cloneable("Seq2One"), input_size_(input_size), hidden_size_(hidden_size) {
    reset();
  }
  void reset() override {
    cell = register_module("cell", std::make_shared<nn::GRUCell>(input_size_, hidden_size_));
    head = register_module("head", std::make_shared<nn::Linear>(hidden_size_, 1));
    scale = register_parameter("scale", ones({1}));
  }
  Tensor forward(const Tensor& sequence) const {  // (steps, batch, input_size) -> (batch, 1)
    Tensor h;
    for (int64_t t = 0; t < sequence.size(0); ++t) h = (*cell)(sequence[t], h);
    return (*head)(h)*scale;
  }

  std::shared_ptr<nn::GRUCell> cell;
  std::shared_ptr<nn::Linear> head;
  Tensor scale;

 private:
  friend class nn::Cloneable<Seq2One>;
  Seq2One(const Seq2One&) = default;
  int64_t input_size_, hidden_size_;
};

// reset() breaks the contract: it registers the tensor the copy constructor copied.
class Reuses : public nn::Cloneable<Reuses> {
 public:
  Reuses() : Cloneable("Reuses") { reset(); }
  void reset() override {
    weight = register_parameter("weight", weight.defined() ? weight : ones({2}));
  }
  Tensor weight;

 private:
  friend class nn::Cloneable<Reuses>;
  Reuses(const Reuses&) = default;
};

struct Plain : nn::Module {
  Plain() : Module("Plain") {}
  std::shared_ptr<nn::Linear> head = register_module("head", std::make_shared<nn::Linear>(2, 1));
};

// Modules are not copyable: a copy would share the parameters, and `Module m = cell;` slices.
static_assert(!std::is_copy_constructible_v<nn::Module> && !std::is_copy_assignable_v<nn::Module>);
static_assert(!std::is_copy_constructible_v<nn::GRUCell> &&
              !std::is_copy_assignable_v<nn::GRUCell>);
static_assert(!std::is_copy_constructible_v<nn::GRU> && !std::is_copy_assignable_v<nn::GRU>);
static_assert(!std::is_copy_constructible_v<nn::Linear> && !std::is_copy_assignable_v<nn::Linear>);
static_assert(!std::is_copy_constructible_v<nn::MSELoss>);
static_assert(!std::is_convertible_v<const nn::GRUCell&, nn::Module>);
static_assert(!std::is_copy_constructible_v<Seq2One> && !std::is_copy_assignable_v<Seq2One>);
static_assert(!std::is_copy_constructible_v<Plain>);

// `copy` is a deep copy of `original`: same type, names, values, dtypes, requires_grad and
// training flags, no gradients, and storage of its own (writing to it leaves `original` as it
// was).
void check_deep_copy(const nn::Module& original, const nn::Module& copy) {
  CHECK(typeid(copy) == typeid(original));
  CHECK(copy.state_dict().keys() == original.state_dict().keys());
  CHECK(copy.is_training() == original.is_training());
  const auto theirs = original.named_parameters(), ours = copy.named_parameters();
  REQUIRE(ours.size() == theirs.size());
  std::vector<xt::xarray<double>> before;
  for (size_t i = 0; i < ours.size(); ++i) {
    const Tensor &mine = ours[i].second, &source = theirs[i].second;
    INFO("parameter " << theirs[i].first);
    CHECK(ours[i].first == theirs[i].first);
    CHECK_FALSE(mine.is_same(source));
    CHECK(mine.impl()->storage != source.impl()->storage);
    CHECK(mine.dtype() == source.dtype());
    CHECK(mine.requires_grad() == source.requires_grad());
    CHECK(mine.is_leaf());
    CHECK_FALSE(mine.grad().defined());
    CHECK(xgrad::testing::allclose(mine, source, 0, 0));
    before.push_back(source.to_xarray<double>());
  }
  NoGradGuard no_grad;
  for (const auto& named : ours) Tensor(named.second).add_(1.0);
  for (size_t i = 0; i < theirs.size(); ++i)
    CHECK(xgrad::testing::allclose(theirs[i].second, before[i], 0, 0));
}

}  // namespace

TEST_CASE("gru_cell_clone_is_a_deep_copy_whose_members_are_its_own_parameters") {
  manual_seed(1);
  nn::GRUCell cell(nn::GRUCellOptions(3, 4).dtype(kFloat64));
  cell.bias_hh.requires_grad_(false);
  cell.eval();
  const auto copy = std::dynamic_pointer_cast<nn::GRUCell>(cell.clone());
  REQUIRE(copy);
  CHECK(copy->options().dtype() == kFloat64);
  const auto named = copy->named_parameters();
  CHECK(copy->weight_ih.is_same(named[0].second));
  CHECK(copy->weight_hh.is_same(named[1].second));
  CHECK(copy->bias_ih.is_same(named[2].second));
  CHECK(copy->bias_hh.is_same(named[3].second));
  const Tensor x = randn({2, 3}, kFloat64), h = randn({2, 4}, kFloat64);
  CHECK(xgrad::testing::allclose((*copy)(x, h), cell(x, h), 0, 0));
  check_deep_copy(cell, *copy);
}

TEST_CASE("gru_clone_is_a_deep_copy_whose_layers_are_its_own_parameters") {
  manual_seed(2);
  nn::GRU gru(nn::GRUOptions(3, 4).num_layers(2).batch_first(true));
  const auto copy = std::dynamic_pointer_cast<nn::GRU>(gru.clone());
  REQUIRE(copy);
  CHECK(copy->options().batch_first());
  const auto named = copy->named_parameters();
  CHECK(copy->weight_ih(0).is_same(named[0].second));
  CHECK(copy->bias_hh(1).is_same(named[7].second));
  const Tensor x = randn({2, 5, 3});
  CHECK(xgrad::testing::allclose(std::get<0>((*copy)(x)), std::get<0>(gru(x)), 0, 0));
  check_deep_copy(gru, *copy);
}

TEST_CASE("linear_clone_keeps_a_converted_dtype_and_a_frozen_parameter") {
  nn::Linear linear(3, 2);
  linear.to(kFloat64);
  linear.bias.requires_grad_(false);
  const auto copy = std::dynamic_pointer_cast<nn::Linear>(linear.clone());
  REQUIRE(copy);
  CHECK(copy->weight.dtype() == kFloat64);
  CHECK_FALSE(copy->bias.requires_grad());
  CHECK(copy->weight.is_same(copy->named_parameters()[0].second));
  check_deep_copy(linear, *copy);
}

TEST_CASE("user_model_clone_deep_copies_its_submodules_and_gradients_stay_apart") {
  manual_seed(3);
  auto model = std::make_shared<Seq2One>(2, 3);
  model->eval();
  std::shared_ptr<nn::Module> cloned = model->clone();
  const auto copy = std::dynamic_pointer_cast<Seq2One>(cloned);
  REQUIRE(copy);
  CHECK_FALSE(copy->cell->is_training());
  CHECK(copy->named_children()[0].second == copy->cell);
  CHECK(copy->named_children()[1].second == copy->head);
  CHECK(copy->cell != model->cell);
  CHECK(copy->cell->weight_ih.is_same(copy->state_dict().at("cell.weight_ih")));
  CHECK(copy->scale.is_same(copy->state_dict().at("scale")));

  const Tensor sequence = randn({4, 5, 2});
  CHECK(xgrad::testing::allclose(copy->forward(sequence), model->forward(sequence), 0, 0));
  check_deep_copy(*model, *copy);

  copy->forward(sequence).sum().backward();
  for (const Tensor& p : model->parameters()) CHECK_FALSE(p.grad().defined());
  std::vector<xt::xarray<double>> copy_grads;
  for (const Tensor& p : copy->parameters()) {
    REQUIRE(p.grad().defined());
    copy_grads.push_back(p.grad().to_xarray<double>());
  }
  (model->forward(sequence) * 2.0).sum().backward();
  const auto copy_parameters = copy->parameters();
  for (size_t i = 0; i < copy_parameters.size(); ++i)
    CHECK(xgrad::testing::allclose(copy_parameters[i].grad(), copy_grads[i], 0, 0));
}

TEST_CASE("loss_clone_keeps_its_options") {
  const nn::CrossEntropyLoss loss(nn::Reduction::Sum, 3);
  const auto copy = std::dynamic_pointer_cast<nn::CrossEntropyLoss>(loss.clone());
  REQUIRE(copy);
  CHECK(copy->reduction() == nn::Reduction::Sum);
  CHECK(copy->ignore_index() == 3);
  CHECK(std::dynamic_pointer_cast<nn::MSELoss>(nn::MSELoss().clone()));
}

TEST_CASE("clone_of_a_module_that_is_not_cloneable_throws_libtorchs_message") {
  const Plain plain;
  CHECK_THROWS_WITH_AS(
      plain.clone(),
      "clone() has not been implemented for Plain. Subclass xgrad::nn::Cloneable<Plain> instead "
      "of xgrad::nn::Module to inherit the ability to clone.",
      std::logic_error);
}

TEST_CASE("clone_refuses_a_reset_that_registers_the_originals_parameter") {
  const Reuses module;
  CHECK_THROWS_WITH_AS(
      module.clone(),
      "The cloned module's parameter 'weight' is a parameter of the original module: reset() must "
      "register new tensors",
      std::logic_error);
}

TEST_CASE("gru_options_take_a_device_and_refuse_any_but_the_cpu") {
  CHECK(nn::GRU(nn::GRUOptions(3, 4).device("cpu")).weight_ih(0).device() == Device("cpu"));
  CHECK_THROWS_WITH_AS(nn::GRU(nn::GRUOptions(3, 4).device("cuda")),
                       doctest::Contains("xgrad supports only the CPU device"),
                       std::invalid_argument);
}

TEST_CASE("gru_cell_and_gru_share_the_recurrent_base_and_its_initialization") {
  manual_seed(4);
  nn::GRUCell cell(5, 16);
  nn::GRU gru(5, 16, 2);
  const nn::detail::RNNCellImplBase& cell_base = cell;
  const nn::detail::RNNImplBase& gru_base = gru;
  CHECK(nn::detail::gate_count(cell_base.options_base().mode()) == 3);
  CHECK(nn::detail::gate_count(gru_base.options_base().mode()) == 3);
  {
    NoGradGuard no_grad;
    for (Tensor p : gru.parameters()) p.zero_();
  }
  gru.reset_parameters();
  for (const nn::Module* module :
       {static_cast<const nn::Module*>(&cell), static_cast<const nn::Module*>(&gru)}) {
    for (const Tensor& p : module->parameters()) {
      CHECK(p.abs().max().item<double>() <= 0.25);
      CHECK(p.abs().max().item<double>() > 0.2);
    }
  }
}
