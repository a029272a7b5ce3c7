"""The two brokers of scripts/bench.sh, started the way scripts/kafka-ref.sh and
scripts/samsa-ref.sh start them (same server.properties from compat-tests/broker.properties,
same JVM flags for Kafka), plus what a benchmark needs and those scripts do not offer: extra
properties (the durability mode), CPU pinning with taskset, a restart on the same data (kill -9
recovery), fine-grained start-up timing and the broker's counters from /proc.

State lives in <run_dir>/<name>-<port>/ (server.properties, data/, broker.log), apart from the
compat reference brokers' so both can run at once.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import base64

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kafka_ping  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")

# As scripts/kafka-ref.sh (which follows kafka-server-start.sh): 1 GiB heap, G1.
KAFKA_JVM = ["-Xmx1G", "-Xms1G", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
             "-Djava.awt.headless=true"]

# The durability modes compared (docs/benchmarks.md): each broker's default, and each
# broker's way of making an acknowledged record durable on disk before the answer.
DURABILITY = {
    "default": {"kafka": {}, "samsa": {}},
    "fsync": {"kafka": {"log.flush.interval.messages": "1"},
              "samsa": {"samsa.log.fsync.before.ack": "true"}},
}


def random_cluster_id():
    while True:
        cid = base64.urlsafe_b64encode(random.randbytes(16)).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


class Broker:
    def __init__(self, name, port, run_dir, root, samsa_bin=None, kafka_classpath=None):
        self.name = name
        self.port = port
        self.cport = port + 1
        self.root = root
        self.samsa_bin = samsa_bin
        self.kafka_classpath = kafka_classpath
        self.state = os.path.join(run_dir, f"{name}-{port}")
        self.data = os.path.join(self.state, "data")
        self.log_path = os.path.join(self.state, "broker.log")
        self.proc = None
        self.extra = {}
        self.pin = None

    @property
    def bootstrap(self):
        return f"localhost:{self.port}"

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def _write_properties(self):
        path = os.path.join(self.state, "server.properties")
        lines = []
        with open(os.path.join(self.root, "compat-tests/broker.properties")) as f:
            lines += [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("#")]
        lines += [
            "node.id=1",
            "process.roles=broker,controller",
            f"listeners=PLAINTEXT://localhost:{self.port},CONTROLLER://localhost:{self.cport}",
            f"advertised.listeners=PLAINTEXT://localhost:{self.port}",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "controller.listener.names=CONTROLLER",
            f"controller.quorum.bootstrap.servers=localhost:{self.cport}",
            f"log.dirs={self.data}",
        ]
        lines += [f"{k}={v}" for k, v in self.extra.items()]
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def _command(self, props):
        pin = ["taskset", "-c", self.pin] if self.pin else []
        if self.name == "kafka":
            log4j = os.path.join(self.root, "compat-tests/kafka-ref/log4j2-broker.properties")
            return pin + ["java"] + KAFKA_JVM + [f"-Dlog4j2.configurationFile={log4j}",
                                                 "-cp", self.kafka_classpath, "kafka.Kafka", props]
        return pin + [self.samsa_bin, props]

    def start(self, durability="default", pin=None, fresh=True, timeout=120):
        """Starts the broker; returns the seconds from exec to the first answered ApiVersions
        (a fresh data directory is formatted first for Kafka, untimed)."""
        if self.running():
            raise RuntimeError(f"{self.name} already running")
        if kafka_ping_ok(self.port):
            raise RuntimeError(f"port {self.port} is in use by another process")
        self.extra = dict(DURABILITY[durability][self.name])
        self.pin = pin
        os.makedirs(self.state, exist_ok=True)
        if fresh:
            shutil.rmtree(self.data, ignore_errors=True)
            os.makedirs(self.data)
        props = self._write_properties()
        log = open(self.log_path, "a")
        if self.name == "kafka" and fresh:
            subprocess.run(["java", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                            "-cp", self.kafka_classpath, "kafka.tools.StorageTool", "format",
                            "--cluster-id", random_cluster_id(), "--config", props, "--standalone"],
                           stdout=log, stderr=subprocess.STDOUT, check=True)
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self._command(props), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited during start-up (log {self.log_path})")
            if kafka_ping_ok(self.port):
                return time.monotonic() - t0
            if time.monotonic() - t0 > timeout:
                self.stop()
                raise RuntimeError(f"{self.name}: no answer after {timeout}s")
            time.sleep(0.005)

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stats(self):
        """CPU seconds (user+system, all threads), bytes written and read by the broker process
        (from /proc/<pid>/io), its RSS and peak RSS in bytes."""
        pid = self.pid
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
        io = {}
        with open(f"/proc/{pid}/io") as f:
            for ln in f:
                k, v = ln.split(":")
                io[k] = int(v)
        mem = {}
        with open(f"/proc/{pid}/status") as f:
            for ln in f:
                if ln.startswith(("VmRSS:", "VmHWM:")):
                    k, v = ln.split(":")
                    mem[k] = int(v.split()[0]) * 1024
        return {"cpu_s": cpu, "write_bytes": io.get("write_bytes", 0),
                "read_bytes": io.get("read_bytes", 0), "rss": mem.get("VmRSS", 0),
                "hwm": mem.get("VmHWM", 0)}

    def _signal(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, keep_data=False):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        if not keep_data:
            shutil.rmtree(self.data, ignore_errors=True)

    def kill9(self):
        """SIGKILL, keeping the data for a restart."""
        if self.proc and self.proc.poll() is None:
            self._signal(signal.SIGKILL)
            self.proc.wait()
        self.proc = None


def kafka_ping_ok(port):
    try:
        return kafka_ping.ping("localhost", port)
    except Exception:  # refused, reset, short or malformed answer
        return False
