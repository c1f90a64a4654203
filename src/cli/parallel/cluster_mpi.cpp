// cluster.hpp with MPI (CE8_MPI builds): the ranks of MPI_COMM_WORLD.
// The C API only (OpenMPI's deprecated C++ bindings stay out).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "cli/parallel/cluster.hpp"

namespace ce8::cli::parallel {
namespace {

constexpr std::size_t kMaxMessage = std::size_t{1} << 28;  // values per MPI message
int g_rank = 0, g_size = 1;

template <class T>
void send_chunks(int to, const T* data, std::size_t count, MPI_Datatype type) {
  for (std::size_t done = 0; done < count; done += kMaxMessage) {
    const int n = static_cast<int>(std::min(kMaxMessage, count - done));
    MPI_Send(data + done, n, type, to, 0, MPI_COMM_WORLD);
  }
}

template <class T>
void receive_chunks(int from, T* data, std::size_t count, MPI_Datatype type) {
  for (std::size_t done = 0; done < count; done += kMaxMessage) {
    const int n = static_cast<int>(std::min(kMaxMessage, count - done));
    MPI_Recv(data + done, n, type, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
}

double reduce(double mine, MPI_Op op) {
  double out = mine;
  MPI_Allreduce(&mine, &out, 1, MPI_DOUBLE, op, MPI_COMM_WORLD);
  return out;
}

}  // namespace

ClusterSession::ClusterSession(int& argc, char**& argv) {
  int provided = 0;
  // Worker threads compute; only the main thread talks to MPI.
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::fprintf(stderr, "ce8: error: MPI could not start\n");
    std::exit(1);
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  install_signal_handlers();
}

ClusterSession::~ClusterSession() { MPI_Finalize(); }

bool built_with_mpi() { return true; }
int rank() { return g_rank; }
int size() { return g_size; }

Status agree(const Status& mine) {
  // The lowest failing rank, then its message, broadcast from it.
  int failing = mine ? g_size : g_rank;
  int first = g_size;
  MPI_Allreduce(&failing, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == g_size) return Ok{};
  std::string message = first == g_rank ? mine.error().message : std::string();
  long long length = static_cast<long long>(message.size());
  MPI_Bcast(&length, 1, MPI_LONG_LONG, first, MPI_COMM_WORLD);
  message.resize(static_cast<std::size_t>(length));
  MPI_Bcast(message.data(), static_cast<int>(length), MPI_CHAR, first, MPI_COMM_WORLD);
  return make_error(first == 0 ? message : "rank " + std::to_string(first) + ": " + message);
}

double sum(double mine) { return reduce(mine, MPI_SUM); }
double min(double mine) { return reduce(mine, MPI_MIN); }
double max(double mine) { return reduce(mine, MPI_MAX); }

std::vector<double> gather(double mine) {
  std::vector<double> all(g_rank == 0 ? g_size : 0);
  MPI_Gather(&mine, 1, MPI_DOUBLE, all.data(), 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return all;
}

std::vector<std::string> gather_text(const std::string& mine) {
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(g_rank == 0 ? g_size : 0), offsets;
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string all;
  if (g_rank == 0) {
    long long total = 0;
    for (int n : lengths) offsets.push_back(static_cast<int>(total)), total += n;
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR,
              0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (int r = 0; g_rank == 0 && r < g_size; ++r) out.push_back(all.substr(offsets[r], lengths[r]));
  return out;
}

void send(int to, const float* data, std::size_t count) { send_chunks(to, data, count, MPI_FLOAT); }
void receive(int from, float* data, std::size_t count) {
  receive_chunks(from, data, count, MPI_FLOAT);
}
void send(int to, const double* data, std::size_t count) {
  send_chunks(to, data, count, MPI_DOUBLE);
}
void receive(int from, double* data, std::size_t count) {
  receive_chunks(from, data, count, MPI_DOUBLE);
}

void all_to_all(const float* send, const std::vector<int>& send_count,
                const std::vector<int>& send_offset, float* recv,
                const std::vector<int>& recv_count, const std::vector<int>& recv_offset) {
  MPI_Alltoallv(send, send_count.data(), send_offset.data(), MPI_FLOAT, recv, recv_count.data(),
                recv_offset.data(), MPI_FLOAT, MPI_COMM_WORLD);
}

}  // namespace ce8::cli::parallel
