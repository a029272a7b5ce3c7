// netfwd runs one command (a kafka-go test binary) where localhost:9092 reaches the broker
// under test. kafka-go's tests dial localhost:9092 (and 127.0.0.1:9092, and "localhost"
// with the default port 9092) in many places; the harness runs the broker elsewhere.
//
//	netfwd -to HOST:PORT -ports 9092,PORT [-lock FILE] [-wait SECONDS] -- COMMAND ARGS...
//
// Where the kernel allows it (root, or unprivileged user namespaces), the command runs in a
// network namespace of its own (a new user namespace mapping the caller's ids, and a new
// network namespace whose loopback is brought up). Inside it, netfwd listens on
// 127.0.0.1 and ::1 at each of -ports and passes every connection through a Unix socket
// (in the shared file system) to the parent, which dials -to on the host. The host's port
// 9092 is never touched, so runs of several suites and of other programs that use 9092
// do not collide. The broker advertises its own port in Metadata: that port is in -ports
// too, so clients follow the advertised address as they would anywhere.
//
// Where namespaces are refused (EPERM, say in a container without the privilege), netfwd
// listens on the host's 127.0.0.1:9092 (and ::1:9092 when it can) instead, holding -lock
// (flock) while the command runs so that concurrent runs take turns; when another program
// holds the port it waits up to -wait seconds for it, then fails saying so. Connections
// to the advertised port then go to the broker directly.
//
// The exit status is the command's; 125 means netfwd itself failed. NETFWD_MODE=host forces
// the host mode (to test it); NETFWD_MODE=netns refuses to fall back to it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

const innerEnv = "NETFWD_INNER" // set on the child: "unix-socket-path|port,port"

func main() {
	if spec := os.Getenv(innerEnv); spec != "" {
		os.Exit(inner(spec))
	}
	to := flag.String("to", "", "the broker, HOST:PORT")
	ports := flag.String("ports", "9092", "ports to forward, comma separated")
	lock := flag.String("lock", filepath.Join(os.TempDir(), "samsa-kafka-go-9092.lock"), "host mode: lock file for the shared port")
	wait := flag.Int("wait", 600, "host mode: seconds to wait for the port")
	flag.Parse()
	if *to == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: netfwd -to HOST:PORT -ports P,P -- COMMAND ARGS...")
		os.Exit(2)
	}
	mode := os.Getenv("NETFWD_MODE")
	if mode != "host" {
		status, err := runInNamespace(*to, *ports, flag.Args())
		if err == nil {
			os.Exit(status)
		}
		if mode == "netns" || !errors.Is(err, syscall.EPERM) && !errors.Is(err, syscall.EINVAL) &&
			!errors.Is(err, syscall.ENOSPC) && !errors.Is(err, syscall.EACCES) {
			fail("netfwd: %v", err)
		}
		fmt.Fprintf(os.Stderr, "netfwd: no network namespace (%v); forwarding the host's port 9092 instead\n", err)
	}
	os.Exit(runOnHost(*to, *lock, time.Duration(*wait)*time.Second, flag.Args()))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(125)
}

// runInNamespace serves a Unix socket that dials `to`, and starts this program again in new
// user and network namespaces to listen on the ports and run the command.
func runInNamespace(to, ports string, command []string) (int, error) {
	dir, err := os.MkdirTemp("", "netfwd-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "broker.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		return 0, err
	}
	defer l.Close()
	go serve(l, func() (net.Conn, error) { return net.DialTimeout("tcp", to, 10*time.Second) })

	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(self, command...)
	cmd.Env = append(os.Environ(), innerEnv+"="+path+"|"+ports)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNET,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: os.Getuid(), HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: os.Getgid(), HostID: os.Getgid(), Size: 1}},
		Pdeathsig:   syscall.SIGKILL,
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	return waitPassingSignals(cmd), nil
}

// inner runs in the new namespaces: loopback up, listeners that reach the parent's socket,
// then the command.
func inner(spec string) int {
	path, ports, _ := strings.Cut(spec, "|")
	if err := loopbackUp(); err != nil {
		fail("netfwd: bringing up lo: %v", err)
	}
	dial := func() (net.Conn, error) { return net.DialTimeout("unix", path, 10*time.Second) }
	for _, p := range strings.Split(ports, ",") {
		if _, err := strconv.Atoi(p); err != nil {
			fail("netfwd: bad port %q", p)
		}
		l, err := net.Listen("tcp4", "127.0.0.1:"+p)
		if err != nil {
			fail("netfwd: %v", err)
		}
		go serve(l, dial)
		if l6, err := net.Listen("tcp6", "[::1]:"+p); err == nil { // no IPv6 is fine
			go serve(l6, dial)
		}
	}
	return runCommand(os.Args[1:])
}

// loopbackUp sets IFF_UP on lo (a new network namespace starts with it down).
func loopbackUp() error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	var req struct {
		name  [syscall.IFNAMSIZ]byte
		flags uint16
		_     [22]byte
	}
	copy(req.name[:], "lo")
	ioctl := func(op uintptr) error {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), op, uintptr(unsafe.Pointer(&req))); e != 0 {
			return e
		}
		return nil
	}
	if err := ioctl(syscall.SIOCGIFFLAGS); err != nil {
		return err
	}
	req.flags |= syscall.IFF_UP | syscall.IFF_RUNNING
	return ioctl(syscall.SIOCSIFFLAGS)
}

// runOnHost forwards the host's 127.0.0.1:9092 (and ::1:9092) to `to` while the command
// runs, holding the lock file.
func runOnHost(to, lockPath string, wait time.Duration, command []string) int {
	if _, port, _ := net.SplitHostPort(to); port == "9092" {
		return runCommand(command) // the broker is there already
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	lock, err := os.OpenFile(lockPath, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		fail("netfwd: %v", err)
	}
	defer lock.Close()
	for syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		if ctx.Err() != nil {
			fail("netfwd: another kafka-go run held %s for %v; gave up", lockPath, wait)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var l net.Listener
	for {
		if l, err = net.Listen("tcp4", "127.0.0.1:9092"); err == nil {
			break
		}
		if ctx.Err() != nil {
			fail("netfwd: 127.0.0.1:9092 is in use by another program (not a kafka-go run) for %v; "+
				"kafka-go's tests need it: stop that program: %v", wait, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	defer l.Close()
	dial := func() (net.Conn, error) { return net.DialTimeout("tcp", to, 10*time.Second) }
	go serve(l, dial)
	if l6, err := net.Listen("tcp6", "[::1]:9092"); err == nil {
		defer l6.Close()
		go serve(l6, dial)
	}
	return runCommand(command)
}

// runCommand runs the command to its end (killed if netfwd dies) and returns its status.
func runCommand(command []string) int {
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		fail("netfwd: %v", err)
	}
	return waitPassingSignals(cmd)
}

// serve accepts connections and copies each both ways to a connection from dial.
func serve(l net.Listener, dial func() (net.Conn, error)) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			up, err := dial()
			if err != nil {
				fmt.Fprintf(os.Stderr, "netfwd: %v\n", err)
				return
			}
			defer up.Close()
			done := make(chan struct{}, 2)
			pipe := func(dst, src net.Conn) {
				io.Copy(dst, src)
				if cw, ok := dst.(interface{ CloseWrite() error }); ok {
					cw.CloseWrite()
				}
				done <- struct{}{}
			}
			go pipe(up, c)
			go pipe(c, up)
			<-done
			<-done
		}()
	}
}

// waitPassingSignals waits for the command, passing on SIGINT and SIGTERM, and returns its
// exit status (128 + signal when a signal ended it).
func waitPassingSignals(cmd *exec.Cmd) int {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	if err == nil {
		return 0
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return exit.ExitCode()
	}
	fmt.Fprintf(os.Stderr, "netfwd: %v\n", err)
	return 125
}
