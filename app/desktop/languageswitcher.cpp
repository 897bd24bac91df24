#include "languageswitcher.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {
LanguageSwitcher *theSwitcher = nullptr;
}

LanguageSwitcher::LanguageSwitcher(const QString &folder, QObject *parent)
    : QObject(parent)
    , mFolder(folder)
{
    theSwitcher = this;
}

LanguageSwitcher::~LanguageSwitcher()
{
    if (mTranslator)
        QCoreApplication::removeTranslator(mTranslator.get());
    if (theSwitcher == this)
        theSwitcher = nullptr;
}

LanguageSwitcher *LanguageSwitcher::instance()
{
    return theSwitcher;
}

QString LanguageSwitcher::nativeName(const QString &language)
{
    return language == u"zh_CN" ? u"中文"_s : u"English"_s;
}

bool LanguageSwitcher::setLanguage(const QString &language)
{
    if (language == mLanguage && mTranslator)
        return true;
    if (!languages().contains(language))
        return false;
    auto translator = std::make_unique<QTranslator>();
    if (!translator->load(u"citygrid_%1.qm"_s.arg(language), mFolder))
        return false; // the current language stays
    if (mTranslator)
        QCoreApplication::removeTranslator(mTranslator.get());
    mTranslator = std::move(translator);
    QLocale::setDefault(QLocale(language));
    // Sends QEvent::LanguageChange to every widget.
    const bool installed = QCoreApplication::installTranslator(mTranslator.get());
    mLanguage = language;
    Q_EMIT languageChanged(language);
    return installed;
}

} // namespace cg
