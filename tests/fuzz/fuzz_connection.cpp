// libFuzzer target over the connection state machine: any sequence of reads,
// half-closes, replies, partial sends and passing time. Nothing may crash,
// leak or break the bounds every connection keeps.
#include "http/connectionmachine.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace shop;
using namespace std::chrono_literals;

namespace {

[[noreturn]] void broken(const char *bound)
{
    fprintf(stderr, "bound broken: %s\n", bound);
    abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const RequestParser parser(RequestLimits{1024, 4096});
    ConnectionLimits limits;
    limits.request = {1024, 4096};
    limits.pipelineBytes = 512;
    ConnectionMachine::Clock::time_point now{};
    ConnectionMachine machine(parser, limits, now);
    const qsizetype inputBound = limits.request.maxHeaderBytes + limits.request.maxBodyBytes;

    size_t at = 0;
    while (at < size && !machine.isFinished()) {
        const uint8_t op = data[at++];
        const size_t length = at < size ? data[at++] : 0;
        switch (op % 7) {
        case 0: { // the client sends; the connection reads only what it may
            const size_t take = std::min({length, size - at, size_t(machine.readAllowance())});
            machine.received(QByteArrayView(reinterpret_cast<const char *>(data + at), qsizetype(take)), now);
            at += take;
            break;
        }
        case 1:
            machine.peerClosedWrite(now);
            break;
        case 2:
            if (machine.isInFlight()) {
                HttpResponse response;
                response.body = QByteArray(qsizetype(length) * 4, 'r');
                machine.replied(serializeResponse(response, length % 2), length % 2, now);
            }
            break;
        case 3:
            machine.sent(std::min<qsizetype>(qsizetype(length) * 8, machine.output().size()), now);
            break;
        case 4:
            now += std::chrono::milliseconds(length * 250);
            machine.checkDeadlines(now);
            break;
        case 5:
            if (machine.wantsWriteShutdown())
                machine.writeShutDone();
            break;
        case 6:
            if (length == 0)
                machine.closeWhenIdle();
            break;
        }
        (void)machine.takeRequest();
        if (machine.bufferedInput() > inputBound)
            broken("input held by one connection");
        if (machine.isInFlight() && machine.bufferedInput() > std::max(limits.pipelineBytes, inputBound))
            broken("read-ahead while a request is in flight");
        if (const auto next = machine.nextDeadline(); next && *next < now - limits.requestTimeout - 1s)
            broken("a deadline long past was not acted on");
    }
    return 0;
}
