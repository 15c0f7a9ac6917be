#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "serialization_helpers.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::error_of;
using xgrad::testing::identical;

namespace {

struct Model : nn::Module {
  explicit Model(Dtype dtype = kFloat32) : nn::Module("Model") {
    cell = register_module("cell", std::make_shared<nn::GRUCell>(3, 4, true, Device("cpu"), dtype));
    head =
        register_module("head", std::make_shared<nn::Linear>(nn::LinearOptions(4, 2).dtype(dtype)));
  }
  std::shared_ptr<nn::GRUCell> cell;
  std::shared_ptr<nn::Linear> head;
};

std::vector<std::string> strings(std::initializer_list<const char*> items) {
  return std::vector<std::string>(items.begin(), items.end());
}

}  // namespace

TEST_CASE("state_dict_holds_the_parameters_by_dotted_name_in_registration_order") {
  manual_seed(0);
  Model model;
  const StateDict sd = model.state_dict();
  CHECK(sd.keys() == strings({"cell.weight_ih", "cell.weight_hh", "cell.bias_ih", "cell.bias_hh",
                              "head.weight", "head.bias"}));
  CHECK(sd.at("cell.weight_ih").is_same(model.cell->weight_ih));
  CHECK(sd["head.bias"].is_same(model.head->bias));
  CHECK(sd.metadata().empty());
}

TEST_CASE("state_dict_of_gru_uses_pytorch_names") {
  nn::GRU gru(2, 3, /*num_layers=*/2);
  CHECK(gru.state_dict().keys() ==
        strings({"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1",
                 "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"}));
}

TEST_CASE("load_state_dict_copies_values_into_the_same_parameter_handles") {
  manual_seed(0);
  Model source, target;
  const Tensor weight_before = target.cell->weight_ih;
  CHECK_FALSE(identical(target.cell->weight_ih, source.cell->weight_ih));

  const nn::IncompatibleKeys keys = target.load_state_dict(source.state_dict());

  CHECK(keys.missing_keys.empty());
  CHECK(keys.unexpected_keys.empty());
  for (const auto& named : target.named_parameters()) {
    const auto& [name, p] = named;
    INFO(named.first);
    CHECK(identical(p, source.state_dict().at(name)));
    CHECK(p.requires_grad());
    CHECK(p.is_leaf());
    CHECK_FALSE(p.is_same(source.state_dict().at(name)));  // values copied, not handles shared
  }
  CHECK(target.cell->weight_ih.is_same(weight_before));
}

TEST_CASE("load_state_dict_keeps_an_existing_optimizer_working") {
  manual_seed(0);
  Model source, target;
  optim::SGD sgd(target.parameters(), optim::SGDOptions(0.5));
  target.load_state_dict(source.state_dict());
  const Tensor loaded = target.head->bias.clone();
  const Tensor x = randn({5, 3});
  target.head->forward(target.cell->forward(x)).sum().backward();
  sgd.step();
  // The optimizer updated the loaded values: bias -= 0.5 * grad, with grad = 5 per output.
  CHECK(testing::allclose(target.head->bias, loaded - 2.5, 1e-6, 1e-6));
}

TEST_CASE("load_state_dict_converts_dtype_as_copy_does") {
  manual_seed(0);
  Model source(kFloat64), target(kFloat32);
  target.load_state_dict(source.state_dict());
  for (const auto& named : target.named_parameters()) {
    const auto& [name, p] = named;
    INFO(named.first);
    CHECK(p.dtype() == kFloat32);
    CHECK(identical(p, source.state_dict().at(name).to(kFloat32)));
  }
}

TEST_CASE("strict_load_state_dict_reports_every_missing_unexpected_and_mismatched_key") {
  nn::GRUCell cell(3, 4);
  StateDict sd = nn::GRUCell(3, 4).state_dict();
  sd.erase("bias_hh");
  sd.erase("bias_ih");
  StateDict bad;
  for (const auto& [name, t] : sd) bad.insert(name, name == "weight_hh" ? zeros({12, 5}) : t);
  bad.insert("extra", zeros({1}));
  bad.insert("cell.weight", zeros({1}));

  const std::string message = error_of<std::runtime_error>([&] { cell.load_state_dict(bad); });
  CHECK(message ==
        "Error(s) in loading state_dict for GRUCell:\n"
        "\tMissing key(s) in state_dict: \"bias_ih\", \"bias_hh\". \n"
        "\tUnexpected key(s) in state_dict: \"extra\", \"cell.weight\". \n"
        "\tsize mismatch for weight_hh: copying a param with shape [12, 5] from checkpoint, the "
        "shape in current model is [12, 4].");
}

TEST_CASE("failed_load_state_dict_changes_no_parameter") {
  manual_seed(0);
  nn::GRUCell cell(3, 4), other(3, 4);
  const Tensor before = cell.weight_ih.clone();
  StateDict sd = other.state_dict();
  sd.erase("bias_hh");  // weight_ih matches, but the load as a whole fails
  CHECK_THROWS_AS(cell.load_state_dict(sd), std::runtime_error);
  CHECK(identical(cell.weight_ih, before));
}

TEST_CASE("non_strict_load_state_dict_loads_what_matches_and_returns_the_rest") {
  manual_seed(0);
  nn::GRUCell cell(3, 4), other(3, 4);
  const Tensor bias_hh_before = cell.bias_hh.clone();
  StateDict sd = other.state_dict();
  sd.erase("bias_hh");
  sd.insert("stray", zeros({2}));

  const nn::IncompatibleKeys keys = cell.load_state_dict(sd, /*strict=*/false);

  CHECK(keys.missing_keys == strings({"bias_hh"}));
  CHECK(keys.unexpected_keys == strings({"stray"}));
  CHECK(identical(cell.weight_ih, other.weight_ih));
  CHECK(identical(cell.bias_ih, other.bias_ih));
  CHECK(identical(cell.bias_hh, bias_hh_before));
}

TEST_CASE("non_strict_load_state_dict_still_refuses_a_shape_mismatch") {
  nn::GRUCell cell(3, 4);
  const std::string message = error_of<std::runtime_error>([&] {
    cell.load_state_dict(StateDict{{"bias_ih", zeros({3})}}, /*strict=*/false);
  });
  CHECK(message ==
        "Error(s) in loading state_dict for GRUCell:\n"
        "\tsize mismatch for bias_ih: copying a param with shape [3] from checkpoint, the shape "
        "in current model is [12].");
}

TEST_CASE("state_dict_refuses_duplicate_and_undefined_entries_and_names_missing_keys") {
  StateDict sd{{"a", zeros({1})}};
  CHECK(error_of<std::invalid_argument>([&] { sd.insert("a", ones({1})); }) ==
        "StateDict::insert(): the key \"a\" is already present");
  CHECK(error_of<std::invalid_argument>([&] { sd.insert("b", Tensor()); }) ==
        "StateDict::insert(\"b\"): expected a defined Tensor, but got an undefined Tensor");
  CHECK(error_of<std::out_of_range>([&] { sd.at("c"); }) == "StateDict has no key \"c\"");
}

TEST_CASE("state_dict_erase_keeps_the_order_and_lookups_of_the_others") {
  StateDict sd{{"a", zeros({1})}, {"b", ones({2})}, {"c", zeros({3})}};
  CHECK(sd.erase("a"));
  CHECK_FALSE(sd.erase("a"));
  CHECK(sd.keys() == strings({"b", "c"}));
  CHECK(sd.at("c").numel() == 3);
  CHECK(sd.at("b").numel() == 2);
  sd.insert("a", zeros({4}));
  CHECK(sd.keys() == strings({"b", "c", "a"}));
  CHECK(sd.at("a").numel() == 4);
}
