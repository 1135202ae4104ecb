module example.com/billing

go 1.23

require (
	git.corp.example.com/platform/auth v1.4.2
	github.com/google/uuid v1.6.0
	go.corp.example.com/libs/log v0.3.0
)
