// vcsim for Novats' tests: VMware's vCenter simulator (govmomi's simulator
// package, from Debian's golang-github-vmware-govmomi-dev) with one
// datacenter, one cluster of three hosts, one datastore and no VMs. It
// listens on HTTPS (a self-signed certificate, so clients run with
// `insecure`), prints "VCSIM_URL=<url>" once it answers, and exits when its
// standard input closes, so it never outlives the test that started it.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	username := flag.String("username", "novats", "the only user that may log in")
	password := flag.String("password", "vcsim-secret", "that user's password")
	flag.Parse()

	model := simulator.VPX()
	model.Machine = 0
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, "vcsim:", err)
		os.Exit(1)
	}
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*username, *password)}
	model.Service.TLS = new(tls.Config)
	server := model.Service.NewServer()
	fmt.Printf("VCSIM_URL=%s\n", server.URL.String())

	_, _ = io.Copy(io.Discard, os.Stdin)
	server.Close()
	model.Remove()
}
