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
    explicit DesktopSettings(const QString &iniFile); // tests and tools: an INI file of their own

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const; // docks and toolbars
    void setWindowState(const QByteArray &state);
    QByteArray queueViewState() const; // columns and splitter of the case queue
    void setQueueViewState(const QByteArray &state);
    // The dock arrangement of one role (each role has its own), QMainWindow::saveState() bytes; empty: the
    // role's default.
    QByteArray roleLayout(const QString &role) const;
    void setRoleLayout(const QString &role, const QByteArray &state);
    void clearRoleLayout(const QString &role);
    QString language() const; // "zh_CN", "en", or empty: the system's
    void setLanguage(const QString &language);
    QString lastLogin() const; // preselected in the login dialog
    void setLastLogin(const QString &login);

private:
    QSettings mSettings;
};

} // namespace cg
