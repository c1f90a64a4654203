// The processes of one `ce8` run. Built with MPI (CMake option CE8_MPI, preset native-mpi) and
// launched by mpirun or Slurm's srun, they are the ranks of MPI_COMM_WORLD; otherwise (and for a
// plain `ce8` started by hand) this process alone, rank 0 of 1. Only the main thread calls
// these; every function marked "collective" must be called by all ranks in the same order.
//
// Failures: a rank that fails does not just return (the others would wait for it forever): each
// step's status goes through agree(), so every rank learns of the first failure and all return
// together; rank 0 alone prints the one-line error (cli::fail). A rank that dies (killed, out of
// memory) makes MPI end the job: rank 0's signal handler then removes the temporary output
// file it was writing (guard_temp_file) and prints one line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/core/result.hpp"

namespace ce8::cli::parallel {

// Starts MPI (in an MPI build) for the life of main(); installs the signal handlers.
class ClusterSession {
 public:
  ClusterSession(int& argc, char**& argv);
  ~ClusterSession();
  ClusterSession(const ClusterSession&) = delete;
  ClusterSession& operator=(const ClusterSession&) = delete;
};

bool built_with_mpi();
int rank();
int size();
inline bool is_root() { return rank() == 0; }

// Collective: the first failure over the ranks (lowest rank), or Ok on every rank. A message
// from another rank than 0 is prefixed "rank R: ".
Status agree(const Status& mine);

// Collective: sums, minima and maxima of one value per rank.
double sum(double mine);
double min(double mine);
double max(double mine);
// Collective: every rank's value, on rank 0 (empty elsewhere).
std::vector<double> gather(double mine);
// Collective: every rank's text, on rank 0 (empty elsewhere).
std::vector<std::string> gather_text(const std::string& mine);

// Point to point, any size (split into messages of at most 2^28 values).
void send(int to, const float* data, std::size_t count);
void receive(int from, float* data, std::size_t count);
void send(int to, const double* data, std::size_t count);
void receive(int from, double* data, std::size_t count);

// Collective all-to-all of floats: send_count[r] values from send + send_offset[r] go to rank r,
// recv_count[r] values from rank r land at recv + recv_offset[r]. Counts and offsets are below
// 2^31 (callers exchange a band of rows per round).
void all_to_all(const float* send, const std::vector<int>& send_count,
                const std::vector<int>& send_offset, float* recv,
                const std::vector<int>& recv_count, const std::vector<int>& recv_offset);

// Rank 0's temporary output file, removed by the signal handler if the job is killed while it
// is being written. Pass "" once the file is committed or gone.
void guard_temp_file(const std::string& path);

// Test hooks (tests/cli/test_mpi.py): CE8_TEST_FAULT_RANK=R with CE8_TEST_FAULT=bad-dem (rank R
// reads a DEM path that does not exist) or abort (rank R dies by SIGABRT before it sends its
// results). Return true on the rank where the fault is set.
bool test_fault(const char* kind);
// The DEM path this rank reads: `path`, or under the bad-dem fault one that does not exist.
std::string dem_path_for_rank(const std::string& path);
void maybe_abort_for_test();

// SIGTERM, SIGINT, SIGHUP: remove the guarded file, one line from rank 0, exit (ClusterSession).
void install_signal_handlers();

// Peak resident memory of this process so far, MiB (getrusage).
double peak_rss_mib();

}  // namespace ce8::cli::parallel
