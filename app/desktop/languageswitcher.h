#pragma once

#include <QObject>
#include <QString>
#include <QTranslator>

#include <memory>

namespace cg {

// The user interface language, switchable while the program runs: installs the translator of
// `<folder>/citygrid_<lang>.qm` and removes the previous one, so that every widget gets a
// QEvent::LanguageChange and retranslates itself. One per application (instance()).
class LanguageSwitcher : public QObject
{
    Q_OBJECT
public:
    // `folder`: where the .qm files are; the program embeds them at ":/i18n".
    explicit LanguageSwitcher(const QString &folder = QStringLiteral(":/i18n"), QObject *parent = nullptr);
    ~LanguageSwitcher() override;

    static LanguageSwitcher *instance();
    static QStringList languages() { return {QStringLiteral("zh_CN"), QStringLiteral("en")}; }
    // The language's own name for the menu: "中文", "English".
    static QString nativeName(const QString &language);

    QString language() const { return mLanguage; }
    // False (and the language stays) when the translation cannot be loaded.
    bool setLanguage(const QString &language);

Q_SIGNALS:
    void languageChanged(const QString &language);

private:
    QString mFolder;
    QString mLanguage;
    std::unique_ptr<QTranslator> mTranslator; // installed
};

} // namespace cg
