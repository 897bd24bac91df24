#pragma once

#include "core/casetypes.h"
#include "ui/cases/casedirectory.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace cg {

// The form of a new case: a report (上报), or a problem the supervisor fixed on the spot (自行处置) with
// photos before and after. Checked field by field before anything is sent, the case service's rules.
class ReportForm : public QDialog
{
    Q_OBJECT
public:
    enum class Field { Class, Grid, Address, Description, BeforePhotos, AfterPhotos };

    ReportForm(bool selfDispose, const Actor &actor, const CaseDirectory &directory,
               QWidget *parent = nullptr);

    bool isSelfDisposal() const { return mSelfDispose; }
    QMap<Field, QString> fieldProblems() const;
    QString workflowProblem() const;
    QString validate() const; // the first problem; empty when the form may be sent

    // The request to send; photo files are stored first and their hashes added (before ones first).
    NewCaseRequest request() const;
    QStringList photoFiles() const;

    void setClass(const CatalogueKey &key);
    void setGrid(const QString &code);
    void setAddress(const QString &text);
    void setDescription(const QString &text);
    void addBeforePhotos(const QStringList &files);
    void addAfterPhotos(const QStringList &files);
    void showRefusal(const QString &message);

    void accept() override;

private:
    void showProblems();
    QWidget *photoField(QListWidget **list, const QString &name);
    QLabel *addFieldError(Field field, const QString &name);

    bool mSelfDispose;
    Actor mActor;
    Catalogue mCatalogue;
    QString mRequestId;
    QComboBox *mClass;
    QLineEdit *mGrid;
    QLineEdit *mAddress;
    QPlainTextEdit *mDescription;
    QListWidget *mBefore = nullptr;
    QListWidget *mAfter = nullptr;
    QLabel *mWorkflow;
    QLabel *mError;
    QPushButton *mSend;
    QMap<Field, QLabel *> mFieldErrors;
};

} // namespace cg
