public import ChiSoCore
public import Hummingbird

/// A period that is not scored answers 422 with its Vietnamese reason, like the API's other errors.
extension PeriodRefusal: HTTPResponseError {
    public var status: HTTPResponse.Status { .unprocessableContent }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try HTTPError(status, message: description).response(from: request, context: context)
    }
}
