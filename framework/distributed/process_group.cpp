#include "xgrad/framework/distributed/process_group.hpp"

#include <stdexcept>
#include <string>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/distributed/detail/communicator.hpp"

namespace xgrad::distributed {

namespace {

MPI_Comm group = MPI_COMM_NULL;
bool initialized_mpi = false;

}  // namespace

namespace detail {

MPI_Comm communicator(const char* op) {
  XGRAD_CHECK(group != MPI_COMM_NULL, std::runtime_error, op,
              "(): the default process group has not been initialized, please make sure to "
              "call xgrad::distributed::init() first");
  return group;
}

void check_mpi(int code, const char* op) {
  if (code == MPI_SUCCESS) return;
  char message[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, message, &length);
  XGRAD_FAIL(std::runtime_error, op, "(): MPI failed: ", std::string(message, length));
}

MPI_Datatype mpi_type(Dtype dtype) {
  switch (dtype) {
    case kFloat32:
      return MPI_FLOAT;
    case kFloat64:
      return MPI_DOUBLE;
    case kInt64:
      return MPI_INT64_T;
    case kBool:
      break;
  }
  static_assert(sizeof(bool) == 1, "MPI_C_BOOL holds a one-byte bool");
  return MPI_C_BOOL;
}

bool same_on_every_rank(const std::vector<int64_t>& values, const char* op) {
  std::vector<int64_t> both(values);
  for (int64_t v : values) both.push_back(-v);
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, both.data(), static_cast<int>(both.size()), MPI_INT64_T,
                          MPI_MAX, communicator(op)),
            op);
  for (size_t i = 0; i < values.size(); ++i) {
    const int64_t max = both[i], min = -both[values.size() + i];
    if (max != min) return false;
  }
  return true;
}

}  // namespace detail

void init() {
  XGRAD_CHECK(group == MPI_COMM_NULL, std::runtime_error,
              "init(): trying to initialize the default process group twice!");
  int finalized = 0, started = 0;
  MPI_Finalized(&finalized);
  XGRAD_CHECK(!finalized, std::runtime_error,
              "init(): MPI was finalized in this process and cannot be initialized again");
  MPI_Initialized(&started);
  if (!started) {
    int provided = 0;
    detail::check_mpi(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "init");
    initialized_mpi = true;
  }
  detail::check_mpi(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "init");
  detail::check_mpi(MPI_Comm_dup(MPI_COMM_WORLD, &group), "init");
}

void finalize() {
  if (group == MPI_COMM_NULL) return;
  MPI_Comm_free(&group);
  group = MPI_COMM_NULL;
  if (initialized_mpi) {
    MPI_Finalize();
    initialized_mpi = false;
  }
}

bool is_initialized() {
  return group != MPI_COMM_NULL;
}

int world_size() {
  int size = 0;
  detail::check_mpi(MPI_Comm_size(detail::communicator("world_size"), &size), "world_size");
  return size;
}

int rank() {
  int rank = 0;
  detail::check_mpi(MPI_Comm_rank(detail::communicator("rank"), &rank), "rank");
  return rank;
}

void barrier() {
  detail::check_mpi(MPI_Barrier(detail::communicator("barrier")), "barrier");
}

}  // namespace xgrad::distributed
