module samsa.local/compat/kafka-go/netfwd

go 1.21
