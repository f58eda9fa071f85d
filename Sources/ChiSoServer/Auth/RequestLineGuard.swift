import HummingbirdCore
import Logging
import NIOCore

/// The HTTP/1.1 server with a bound on the first request line of each connection.
///
/// NIO's HTTP decoder accepts a request target of up to 80 KiB and answers anything longer with a bare 400; the
/// ``RequestLimitsMiddleware`` answers 414 for targets between 8 and 80 KiB. This guard, placed before the decoder,
/// answers 414 as soon as the first request line of a connection passes 8 KiB without its end, and closes the
/// connection, so no client waits on an overlong target. (Later requests on a kept-alive connection are bounded
/// by the middleware and, past 80 KiB, by the decoder's 400.)
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestLineGuard(limit: RequestLimitsMiddleware.maxTargetBytes + 16))
        }.flatMap { base.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Counts the bytes of a connection's first line; past `limit` without a line feed, answers 414 and closes.
final class RequestLineGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let limit: Int
    private var seen = 0
    private var refused = false

    init(limit: Int) { self.limit = limit }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        let buffer = unwrapInboundIn(data)
        if let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            seen += end - buffer.readerIndex
            if seen <= limit {
                context.fireChannelRead(data)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                return
            }
        } else {
            seen += buffer.readableBytes
            if seen <= limit {
                context.fireChannelRead(data)
                return
            }
        }
        refused = true
        let body = #"{"error":{"message":"Địa chỉ yêu cầu dài quá \#(RequestLimitsMiddleware.maxTargetBytes) byte."}}"#
        let head =
            "HTTP/1.1 414 URI Too Long\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n"
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapInboundOut(ByteBuffer(string: head + body))).whenComplete { _ in bound.value.close(promise: nil) }
    }
}
