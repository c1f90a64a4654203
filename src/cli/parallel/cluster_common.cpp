// Parts of cluster.hpp that do not depend on MPI: test hooks, memory, the temporary-file guard.
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

#include "cli/parallel/cluster.hpp"

namespace ce8::cli::parallel {
namespace {

char g_temp_path[4096] = {0};  // read by the signal handler: plain storage, no allocation

void on_terminate(int sig) {
  // Async-signal-safe only: unlink, write, _exit.
  if (g_temp_path[0] != '\0') unlink(g_temp_path);
  static const char msg[] =
      "ce8: error: the run was stopped (a rank failed or the job was killed); no output file "
      "was written\n";
  if (rank() == 0) {
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
  }
  _exit(128 + sig);
}

}  // namespace

void install_signal_handlers() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_terminate;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &sa, nullptr);
}

void guard_temp_file(const std::string& path) {
  // The handler may run at any moment: the first byte is cleared first and set last, so it never
  // sees half a path.
  g_temp_path[0] = '\0';
  if (path.empty() || path.size() >= sizeof g_temp_path) return;
  std::memcpy(g_temp_path + 1, path.c_str() + 1, path.size());  // the rest, with the NUL
  g_temp_path[0] = path[0];
}

bool test_fault(const char* kind) {
  const char* r = std::getenv("CE8_TEST_FAULT_RANK");
  const char* k = std::getenv("CE8_TEST_FAULT");
  return r && k && std::atoi(r) == rank() && std::strcmp(k, kind) == 0;
}

std::string dem_path_for_rank(const std::string& path) {
  return test_fault("bad-dem") ? path + ".missing-on-rank-" + std::to_string(rank()) : path;
}

void maybe_abort_for_test() {
  if (test_fault("abort")) std::abort();
}

double peak_rss_mib() {
  struct rusage u;
  if (getrusage(RUSAGE_SELF, &u) != 0) return 0.0;
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

}  // namespace ce8::cli::parallel
