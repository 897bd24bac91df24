#pragma once

#include "net/httpserver.h"

namespace cg {

class Gateway;

// The field-terminal API for supervisors' phones under /field/v1/, and the small mobile web page at /field/.
// Every submission carries a client-generated id (clientId): a retried upload is stored once and answered
// with what the first one stored.
class FieldApi
{
public:
    explicit FieldApi(Gateway &gateway)
        : mGateway(gateway)
    {}
    bool handle(const HttpRequest &request, const HttpResponder &responder);

private:
    void login(const HttpRequest &request, const HttpResponder &responder);
    void authorised(const HttpRequest &request, const HttpResponder &responder);
    Gateway &mGateway;
};

} // namespace cg
