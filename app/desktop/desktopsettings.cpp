#include "desktopsettings.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// Bump a key's version when the meaning of its stored bytes changes.
const QString GeometryKey = u"mainWindow/geometry"_s;
const QString StateKey = u"mainWindow/state.v1"_s;
const QString QueueKey = u"caseQueue/viewState.v1"_s;
const QString LoginKey = u"login/last"_s;
const QString LanguageKey = u"ui/language"_s;
QString roleKey(const QString &role)
{
    return u"layout/%1/state.v1"_s.arg(role);
}

} // namespace

DesktopSettings::DesktopSettings()
    : mSettings(u"CityGrid"_s, u"citygrid"_s)
{}

DesktopSettings::DesktopSettings(const QString &iniFile)
    : mSettings(iniFile, QSettings::IniFormat)
{}

QByteArray DesktopSettings::roleLayout(const QString &role) const
{
    return mSettings.value(roleKey(role)).toByteArray();
}

void DesktopSettings::setRoleLayout(const QString &role, const QByteArray &state)
{
    mSettings.setValue(roleKey(role), state);
}

void DesktopSettings::clearRoleLayout(const QString &role)
{
    mSettings.remove(roleKey(role));
}

QString DesktopSettings::language() const
{
    return mSettings.value(LanguageKey).toString();
}

void DesktopSettings::setLanguage(const QString &language)
{
    mSettings.setValue(LanguageKey, language);
}

QByteArray DesktopSettings::windowGeometry() const
{
    return mSettings.value(GeometryKey).toByteArray();
}

void DesktopSettings::setWindowGeometry(const QByteArray &geometry)
{
    mSettings.setValue(GeometryKey, geometry);
}

QByteArray DesktopSettings::windowState() const
{
    return mSettings.value(StateKey).toByteArray();
}

void DesktopSettings::setWindowState(const QByteArray &state)
{
    mSettings.setValue(StateKey, state);
}

QByteArray DesktopSettings::queueViewState() const
{
    return mSettings.value(QueueKey).toByteArray();
}

void DesktopSettings::setQueueViewState(const QByteArray &state)
{
    mSettings.setValue(QueueKey, state);
}

QString DesktopSettings::lastLogin() const
{
    return mSettings.value(LoginKey).toString();
}

void DesktopSettings::setLastLogin(const QString &login)
{
    mSettings.setValue(LoginKey, login);
}

} // namespace cg
