#pragma once

#include <QDateTime>

namespace cg {

// The time source of services, so that tests and the demo generator can set the time.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
};

class SystemClock : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

class ManualClock : public Clock
{
public:
    explicit ManualClock(QDateTime now = QDateTime::currentDateTimeUtc())
        : mNow(std::move(now))
    {}
    QDateTime now() const override { return mNow; }
    void setNow(const QDateTime &now) { mNow = now; }
    void advanceSecs(qint64 secs) { mNow = mNow.addSecs(secs); }

private:
    QDateTime mNow;
};

} // namespace cg
