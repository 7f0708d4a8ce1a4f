package client_test

import (
	"context"
	"fmt"
	"log"
	"net"

	"google.golang.org/grpc"

	"github.com/stance-project/stance/client"
	stancev1 "github.com/stance-project/stance/proto/stance/v1"
)

// startExampleServer serves a fake StanceService on a loopback port and returns its address.
func startExampleServer() (addr string, stop func()) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	s := grpc.NewServer()
	stancev1.RegisterStanceServiceServer(s, &fakeServer{name: "example", spans: seedSpans()})
	go s.Serve(lis)
	return lis.Addr().String(), s.Stop
}

func Example() {
	addr, stop := startExampleServer()
	defer stop()

	c, err := client.Dial(addr)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	res := c.Classify(context.Background(), "Sam Rainsy rejected the talks.",
		client.WithTargets("negotiation", "international_pressure"), client.WithPassageID("seed"))
	for span, err := range res.Spans() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("sentence %d %s: %s %+.2f\n", span.GetSentenceIndex(), span.GetTarget(),
			span.GetStance(), span.GetScore())
	}
	fmt.Println("spans:", res.Summary().GetSpanCount())
	// Output:
	// sentence 0 negotiation: STANCE_AGAINST -0.60
	// sentence 2 international_pressure: STANCE_FAVOR +0.50
	// spans: 2
}

func ExampleClient_ListTargets() {
	addr, stop := startExampleServer()
	defer stop()

	c, err := client.Dial(addr)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	targets, err := c.ListTargets(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range targets {
		fmt.Println(t.GetName(), t.GetLexiconSize())
	}
	// Output:
	// international_pressure 40
	// negotiation 50
}
