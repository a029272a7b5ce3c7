#include "server/testing/broker_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#ifndef SAMSA_BINARY
#error "SAMSA_BINARY must name the samsa executable"
#endif

namespace samsa::testing {

namespace fs = std::filesystem;

uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

broker_process::broker_process(std::vector<std::string> extra) : extra_(std::move(extra)) {
    char tmpl[] = "/tmp/samsa-it-XXXXXX";
    data_dir_ = ::mkdtemp(tmpl);
    log_path_ = data_dir_ + ".log";
    port_ = free_port();
    start();
}

broker_process::~broker_process() {
    if (running()) stop();
    std::error_code ec;
    fs::remove_all(data_dir_, ec);
    fs::remove(log_path_, ec);
}

std::string broker_process::log() const {
    std::ifstream in(log_path_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void broker_process::start() {
    std::vector<std::string> args = {SAMSA_BINARY};
    const std::string listener = "PLAINTEXT://127.0.0.1:" + std::to_string(port_);
    const std::vector<std::string> base = {"listeners=" + listener,
                                           "advertised.listeners=" + listener,
                                           "log.dirs=" + data_dir_ + "/data", "num.partitions=1"};
    for (const std::string& kv : base) {
        args.push_back("--override");
        args.push_back(kv);
    }
    for (const auto& kv : extra_) {
        args.push_back("--override");
        args.push_back(kv);
    }
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(log, 2);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    wait_until_listening();
}

void broker_process::wait_until_listening() {
    for (int i = 0; i < 600; ++i) {
        if (!running()) throw std::runtime_error("samsa exited at start; see " + log_path_);
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(port_);
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        ::close(fd);
        if (ok) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("samsa did not listen within 30 s; see " + log_path_);
}

bool broker_process::running() const {
    if (pid_ <= 0) return false;
    int status = 0;
    return ::waitpid(pid_, &status, WNOHANG) == 0;
}

int broker_process::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void broker_process::kill9() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

void broker_process::restart() {
    if (running()) stop();
    start();
}

}  // namespace samsa::testing
