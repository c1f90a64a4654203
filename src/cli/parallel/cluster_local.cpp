// cluster.hpp without MPI: one process, rank 0 of 1 (the default build).
#include <cstring>

#include "cli/parallel/cluster.hpp"

namespace ce8::cli::parallel {

// A plain process keeps the default signal behaviour (the engine's AtomicFile cleans up on errors).
ClusterSession::ClusterSession(int&, char**&) {}
ClusterSession::~ClusterSession() = default;

bool built_with_mpi() { return false; }
int rank() { return 0; }
int size() { return 1; }
Status agree(const Status& mine) { return mine; }
double sum(double mine) { return mine; }
double min(double mine) { return mine; }
double max(double mine) { return mine; }
std::vector<double> gather(double mine) { return {mine}; }
std::vector<std::string> gather_text(const std::string& mine) { return {mine}; }
// With one rank nothing is ever sent to another.
void send(int, const float*, std::size_t) {}
void receive(int, float*, std::size_t) {}
void send(int, const double*, std::size_t) {}
void receive(int, double*, std::size_t) {}
void all_to_all(const float* send, const std::vector<int>& send_count,
                const std::vector<int>& send_offset, float* recv, const std::vector<int>&,
                const std::vector<int>& recv_offset) {
  std::memcpy(recv + recv_offset[0], send + send_offset[0], sizeof(float) * send_count[0]);
}

}  // namespace ce8::cli::parallel
