// Parameter groups: each with its own options, added at construction or later, read and
// changed through OptimizerOptions (get_lr/set_lr, as schedulers do), refused when they share a
// parameter, and saved by state_dict under "param_groups.<g>.*" with PyTorch's state names.
#include <doctest/doctest.h>

#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "serialization_helpers.hpp"

using namespace xgrad;
using namespace xgrad::optim;
using xgrad::testing::error_of;
using xgrad::testing::identical;

namespace {

struct Params {
  Tensor w = tensor({{1.0, 2.0}, {3.0, 4.0}}, requires_grad());
  Tensor b = tensor({0.5, -0.5}, requires_grad());
  Tensor e = tensor({0.25}, requires_grad());
  // Gradients 2w, 2b and 2e.
  void backward() const { ((w * w).sum() + (b * b).sum() + (e * e).sum()).backward(); }
};

}  // namespace

TEST_CASE("param_groups_take_their_own_options_or_a_copy_of_the_defaults") {
  Params p;
  SGD sgd({OptimizerParamGroup({p.w}, SGDOptions(0.5).clone()), OptimizerParamGroup({p.b})},
          SGDOptions(0.1).momentum(0.9));
  REQUIRE(sgd.param_groups().size() == 2);
  CHECK(sgd.param_groups()[0].options().get_lr() == 0.5);
  CHECK(sgd.param_groups()[1].options().get_lr() == 0.1);
  CHECK(static_cast<const SGDOptions&>(sgd.param_groups()[1].options()).momentum() == 0.9);
  CHECK(static_cast<const SGDOptions&>(sgd.param_groups()[0].options()).momentum() == 0.0);
  sgd.defaults().set_lr(7.0);  // the groups hold copies
  CHECK(sgd.param_groups()[1].options().get_lr() == 0.1);
  sgd.add_param_group(OptimizerParamGroup({p.e}));
  CHECK(sgd.param_groups()[2].options().get_lr() == 7.0);
  CHECK(sgd.parameters().size() == 3);
  CHECK(sgd.parameters()[2].is_same(p.e));
}

TEST_CASE("each_group_steps_with_its_own_lr_and_set_lr_changes_it") {
  Params p;
  SGD sgd({OptimizerParamGroup({p.w}), OptimizerParamGroup({p.b}, SGDOptions(0.5).clone())},
          SGDOptions(0.25));
  p.backward();
  sgd.step();  // w -= 0.25 * 2w, b -= 0.5 * 2b
  CHECK(identical(p.w, tensor({{0.5, 1.0}, {1.5, 2.0}})));
  CHECK(identical(p.b, tensor({0.0, 0.0})));
  for (auto& group : sgd.param_groups()) group.options().set_lr(group.options().get_lr() / 2);
  sgd.zero_grad();
  p.backward();
  sgd.step();  // w -= 0.125 * 2w
  CHECK(identical(p.w, tensor({{0.375, 0.75}, {1.125, 1.5}})));
  CHECK(sgd.options().lr() == 0.125);  // options() is the first group's
}

TEST_CASE("a_parameter_in_two_groups_is_refused_in_pytorch_words") {
  Params p;
  CHECK(error_of<std::invalid_argument>([&] {
          Adam adam({OptimizerParamGroup({p.w, p.b}), OptimizerParamGroup({p.b})});
        }) == "some parameters appear in more than one parameter group");
  Adam adam({p.w});
  CHECK(error_of<std::invalid_argument>([&] {
          adam.add_param_group(OptimizerParamGroup({p.e, p.w}));
        }) == "some parameters appear in more than one parameter group");
  CHECK(adam.param_groups().size() == 1);
  CHECK(error_of<std::invalid_argument>([&] { Adam none(std::vector<OptimizerParamGroup>{}); }) ==
        "optimizer got an empty parameter list");
}

TEST_CASE("state_dict_saves_every_group_and_pytorchs_state_names") {
  Params p;
  Adam adam({OptimizerParamGroup({p.w, p.b}),
             OptimizerParamGroup({p.e}, AdamOptions(0.5).amsgrad(true).clone())},
            AdamOptions(0.01).betas({0.8, 0.9}));
  p.backward();
  adam.step();
  const StateDict sd = adam.state_dict();
  CHECK(sd.keys() == std::vector<std::string>{
                         "state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.1.step",
                         "state.1.exp_avg", "state.1.exp_avg_sq", "state.2.step", "state.2.exp_avg",
                         "state.2.exp_avg_sq", "state.2.max_exp_avg_sq"});
  CHECK(sd.at("state.2.step").dim() == 0);
  CHECK(sd.at("state.2.step").item<double>() == 1.0);
  CHECK(sd.at("state.1.exp_avg").is_same(adam.state(1).exp_avg));
  CHECK(sd.metadata() == StateDict::Metadata{{"param_groups.0.params", "[0, 1]"},
                                             {"param_groups.0.lr", "0.01"},
                                             {"param_groups.0.betas", "(0.8, 0.9)"},
                                             {"param_groups.0.eps", "1e-08"},
                                             {"param_groups.0.weight_decay", "0"},
                                             {"param_groups.0.amsgrad", "false"},
                                             {"param_groups.0.maximize", "false"},
                                             {"param_groups.1.params", "[2]"},
                                             {"param_groups.1.lr", "0.5"},
                                             {"param_groups.1.betas", "(0.9, 0.999)"},
                                             {"param_groups.1.eps", "1e-08"},
                                             {"param_groups.1.weight_decay", "0"},
                                             {"param_groups.1.amsgrad", "true"},
                                             {"param_groups.1.maximize", "false"}});
}

TEST_CASE("load_state_dict_restores_each_groups_options_and_refuses_other_groups") {
  Params p, q;
  Adam source(
      {OptimizerParamGroup({p.w, p.b}), OptimizerParamGroup({p.e}, AdamOptions(0.5).clone())});
  Adam target({OptimizerParamGroup({q.w, q.b}), OptimizerParamGroup({q.e})}, AdamOptions(0.2));
  target.load_state_dict(source.state_dict());
  CHECK(target.param_groups()[0].options().get_lr() == 1e-3);
  CHECK(target.param_groups()[1].options().get_lr() == 0.5);

  Adam one_group({q.w, q.b, q.e});
  CHECK(error_of<std::runtime_error>([&] { one_group.load_state_dict(source.state_dict()); }) ==
        "load_state_dict(): loaded state dict has a different number of parameter groups (2, this "
        "optimizer has 1)");
  Adam other_split({OptimizerParamGroup({q.w}), OptimizerParamGroup({q.b, q.e})});
  CHECK(
      error_of<std::runtime_error>([&] { other_split.load_state_dict(source.state_dict()); }) ==
      "load_state_dict(): loaded state dict contains a parameter group that doesn't match the size "
      "of optimizer's group (its params are [0, 1], this optimizer's group 0 has 1 parameters)");
  SGD sgd({OptimizerParamGroup({q.w, q.b}), OptimizerParamGroup({q.e})}, SGDOptions(0.1));
  CHECK(error_of<std::runtime_error>([&] { sgd.load_state_dict(source.state_dict()); }) ==
        "load_state_dict(): the optimizer state dict has no setting \"param_groups.0.momentum\"");
}

TEST_CASE("adagrad_sets_its_state_when_made_as_pytorch_does") {
  Params p;
  Adagrad adagrad({p.w, p.b}, AdagradOptions(0.1).initial_accumulator_value(0.5));
  CHECK(adagrad.state(0).step.item<double>() == 0.0);
  CHECK(identical(adagrad.state(1).sum, tensor({0.5, 0.5})));
  CHECK(adagrad.state_dict().keys() ==
        std::vector<std::string>{"state.0.step", "state.0.sum", "state.1.step", "state.1.sum"});
}
