#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>

namespace cg {

// Everything citygrid remembers between runs, typed, in one place (QSettings keys stay inside).
class DesktopSettings
{
public:
    DesktopSettings();

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const; // docks and toolbars
    void setWindowState(const QByteArray &state);
    QByteArray queueViewState() const; // columns and splitter of the case queue
    void setQueueViewState(const QByteArray &state);
    QString lastLogin() const; // preselected in the login dialog
    void setLastLogin(const QString &login);

private:
    QSettings mSettings;
};

} // namespace cg
