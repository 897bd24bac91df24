#include "net/classsuggester.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

// Callers' words for classes whose catalogue names they rarely use (class code → words).
struct Synonym
{
    const char16_t *code;
    const char16_t *words;
};
constexpr Synonym Synonyms[] = {
    {u"06001", u"违章搭建 违建 乱搭建 搭棚"},
    {u"06010", u"垃圾 垃圾堆 乱扔垃圾"},
    {u"06012", u"路面脏 马路脏 不干净"},
    {u"06013", u"路面坑洼 坑洞 路坏了 塌陷"},
    {u"06027", u"油烟"},
    {u"06028", u"噪音 吵闹 扰民"},
    {u"06029", u"烧烤"},
    {u"06036", u"堆物 杂物"},
    {u"06042", u"垃圾桶满 垃圾箱满 满溢"},
    {u"07001", u"小广告 牛皮癣 乱贴"},
    {u"08001", u"夜间施工 施工噪音"},
    {u"08004", u"扬尘"},
    {u"09001", u"游商 无照经营"},
    {u"09006", u"摆摊 设摊 占道"},
    {u"09009", u"乱停车 违停 停车"},
    {u"09010", u"电瓶车 自行车乱停"},
    {u"09011", u"共享单车"},
    {u"09012", u"消防通道"},
    {u"10002", u"电线掉落 线缆掉落 电线垂落"},
};

QString normalise(QString name)
{
    static const QRegularExpression brackets(u"[（(][^）)]*[）)]"_s);
    name.remove(brackets);
    name.remove(u"异常"_s);
    name.remove(u'、');
    return name.trimmed();
}

double pairScore(const QString &term, const QString &text)
{
    if (term.isEmpty())
        return 0;
    if (text.contains(term))
        return 1.0;
    if (term.size() < 3)
        return 0;
    int found = 0;
    const int pairs = int(term.size()) - 1;
    for (int i = 0; i < pairs; ++i) {
        if (text.contains(QStringView(term).mid(i, 2)))
            ++found;
    }
    return 0.8 * double(found) / pairs;
}

} // namespace

ClassSuggester::ClassSuggester(const Catalogue &catalogue)
{
    for (const CatalogueClass &c : catalogue.classes()) {
        if (c.key.kind() != ClassKind::Event)
            continue;
        Entry e{c.key, c.name, {normalise(c.name)}};
        for (const Synonym &s : Synonyms) {
            if (c.key.code() == QStringView(s.code))
                e.terms += QString::fromUtf16(s.words).split(u' ', Qt::SkipEmptyParts);
        }
        mEntries.append(e);
    }
}

QList<ClassSuggestion> ClassSuggester::suggest(const QString &text, int count) const
{
    QList<ClassSuggestion> all;
    for (const Entry &e : mEntries) {
        double best = 0;
        for (const QString &term : e.terms)
            best = std::max(best, pairScore(term, text) + (text.contains(term) ? 0.001 * term.size() : 0.0));
        if (best >= 0.4)
            all.append({e.key, e.name, best});
    }
    // A longer whole-name match wins over a shorter one ("垃圾站满溢" over "垃圾").
    std::stable_sort(all.begin(), all.end(),
                     [](const ClassSuggestion &a, const ClassSuggestion &b) { return a.score > b.score; });
    if (all.size() > count)
        all.resize(count);
    for (ClassSuggestion &s : all)
        s.score = std::min(1.0, s.score);
    return all;
}

} // namespace cg
