#include "daemon/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace driftwatch::daemon {
namespace {

std::runtime_error file_error(const std::string& what, const std::string& path) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

// Removes the file when it goes out of scope, unless released: a failed or
// interrupted write leaves nothing behind.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

void sync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw file_error("cannot open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw file_error("cannot sync", path);
}

}  // namespace

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write to standard output");
    return;
  }
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
    // A device or a pipe (/dev/null, a FIFO): renaming a file over it would
    // replace it, so write through it instead.
    std::ofstream out(path, std::ios::binary);
    if (!out) throw file_error("cannot open", path);
    write(out);
    out.flush();
    if (!out) throw file_error("cannot write", path);
    return;
  }
  TemporaryFile temporary(path + ".tmp." + std::to_string(::getpid()));
  {
    std::ofstream out(temporary.path(), std::ios::binary | std::ios::trunc);
    if (!out) throw file_error("cannot create", temporary.path());
    write(out);
    out.flush();
    if (!out) throw file_error("cannot write", temporary.path());
  }
  sync_file(temporary.path());
  if (std::rename(temporary.path().c_str(), path.c_str()) != 0) {
    throw file_error("cannot rename " + temporary.path() + " to", path);
  }
  temporary.release();
}

std::string read_input(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error("cannot read", path);
  text << in.rdbuf();
  return text.str();
}

}  // namespace driftwatch::daemon
