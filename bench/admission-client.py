# The benchmarks' client for the real server: waits for it, opens CONNECTIONS keep-alive TLS connections
# and, ROUNDS times, sends one POST of FIXTURE to /validate on every connection before it reads every
# answer, each of which must be a 200. Each request is one sendall of head and body together, so it
# arrives as one TLS record, as wrk's do. With one connection that is ROUNDS requests one after another.
#
#   python3 bench/admission-client.py PORT CONNECTIONS ROUNDS CA_FILE FIXTURE
import socket, ssl, sys, time
port, connections, rounds, ca, fixture = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
body = open(fixture, "rb").read()
request = (f"POST /validate HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Type: application/json\r\n"
           f"Content-Length: {len(body)}\r\n\r\n").encode() + body
deadline = time.time() + 300
while True:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=120).close()
        break
    except OSError:
        if time.time() > deadline:
            sys.exit("server did not start")
        time.sleep(0.5)
context = ssl.create_default_context(cafile=ca)
sockets = [context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=120), server_hostname="localhost")
           for _ in range(connections)]
pending = [b""] * connections

def receive(index):
    chunk = sockets[index].recv(65536)
    if not chunk:
        sys.exit("connection closed")
    pending[index] += chunk

def answer(index):
    while b"\r\n\r\n" not in pending[index]:
        receive(index)
    head, pending[index] = pending[index].split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    if lines[0].split(b" ")[1] != b"200":
        sys.exit(f"answer: {lines[0]!r}")
    length = next(int(line.split(b":")[1]) for line in lines[1:] if line.lower().startswith(b"content-length:"))
    while len(pending[index]) < length:
        receive(index)
    pending[index] = pending[index][length:]

for _ in range(rounds):
    for connection in sockets:
        connection.sendall(request)
    for index in range(connections):
        answer(index)
for connection in sockets:
    connection.close()
