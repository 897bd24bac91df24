#pragma once

#include "core/casetypes.h"
#include "ui/cases/casedirectory.h"

#include <QDialog>
#include <QMap>

#include <optional>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace cg {

// The form of one action on one case: exactly the fields the action needs, checked before anything is sent.
// The case service remains the judge; the form only spares a round trip for what is plainly missing.
class ActionForm : public QDialog
{
    Q_OBJECT
public:
    enum class Field { Comment, Unit, Date, ClosingType, UrgeLevel, Photos };

    ActionForm(Action action, const CaseRecord &record, const CaseDirectory &directory,
               QWidget *parent = nullptr);

    static QList<Field> fieldsFor(Action action);
    // The actions whose comment gives a reason or result; the case service refuses them without one.
    static bool needsComment(Action action);

    Action action() const { return mAction; }
    QList<Field> fields() const { return mFields; }
    bool hasField(Field field) const { return mFields.contains(field); }

    // What the workflow says of this action by `role` on a case with `facts`: a refusal is shown at the top
    // and stops the form from being sent (the same decide() the case service applies).
    void setWorkflow(const CaseFacts &facts, Role role);
    // Another station changed the case: the form now acts on `current` (its version), says what changed,
    // and keeps everything typed. Whether the action is still allowed comes from `facts`.
    void setConflict(const CaseRecord &current, const CaseFacts &facts, const QString &whatChanged);
    // The case service refused the request: its message, shown above the buttons.
    void showRefusal(const QString &message);
    const CaseRecord &record() const { return mRecord; }

    // What stops the form from being sent, for a person; empty when it may be sent.
    QString validate() const;
    // The same per field (shown next to it), and what the workflow refuses (shown at the top).
    QMap<Field, QString> fieldProblems() const;
    QString workflowProblem() const;
    QString comment() const;
    // The request to send (photos are stored separately; their hashes go into `attachments`).
    ActionRequest request() const;
    QStringList photoFiles() const;

    void setComment(const QString &text);
    void setUnit(qint64 unitId);
    void setDate(const QDateTime &utc);
    void addPhotoFiles(const QStringList &files);

    void accept() override; // validates first and shows what is missing

private:
    void showProblems();
    QLabel *addFieldError(Field field, const QString &name);
    void choosePhotos();
    void removePhoto();
    QWidget *buildUnitField(const CaseDirectory &directory);

    Action mAction;
    CaseRecord mRecord;
    QList<Field> mFields;
    QString mRequestId;
    QPlainTextEdit *mComment = nullptr;
    QComboBox *mUnit = nullptr;
    QDateTimeEdit *mDate = nullptr;
    QComboBox *mClosingType = nullptr;
    QComboBox *mUrgeLevel = nullptr;
    QListWidget *mPhotos = nullptr;
    QPushButton *mRemovePhoto = nullptr;
    QLabel *mError = nullptr;
    QLabel *mWorkflow = nullptr;
    QLabel *mConflict = nullptr;
    QPushButton *mSend = nullptr;
    QMap<Field, QLabel *> mFieldErrors;
    std::optional<CaseFacts> mFacts;
    Role mRole = Role::System;
};

} // namespace cg
