// Command billing depends on modules from the company's own git host, which the public proxy
// cannot serve: the scaffolder suggests GOPRIVATE=git.corp.example.com,go.corp.example.com.
package main

import (
	"log"
	"net"

	"git.corp.example.com/platform/auth"
	"github.com/google/uuid"
	corplog "go.corp.example.com/libs/log"
)

func main() {
	ln, err := net.Listen("tcp", ":7070")
	if err != nil {
		log.Fatal(err)
	}
	corplog.Info("billing " + uuid.NewString() + " listening on " + ln.Addr().String())
	log.Fatal(auth.Serve(ln))
}
