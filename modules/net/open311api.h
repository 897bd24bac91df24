#pragma once

#include "net/httpserver.h"

#include <QJsonValue>

namespace cg {

class Gateway;

// GeoReport v2's XML form of a JSON value: objects become elements named by their keys, a list becomes its
// container element with one child per item named by the singular (services → service, service_requests →
// request, ...), as the spec's examples show. `root` names the top element.
QByteArray open311Xml(const QString &root, const QJsonValue &value);

// Open311 GeoReport v2 under /open311/v2/: discovery, services, service definitions, requests (GET, POST),
// requests/{id}, tokens/{token}; every resource in .json and .xml; errors as the spec's error lists.
class Open311Api
{
public:
    explicit Open311Api(Gateway &gateway)
        : mGateway(gateway)
    {}
    bool handle(const HttpRequest &request, const HttpResponder &responder);

private:
    Gateway &mGateway;
};

} // namespace cg
