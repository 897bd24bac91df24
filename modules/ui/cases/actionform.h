#pragma once

#include "core/casetypes.h"
#include "ui/cases/casedirectory.h"

#include <QDialog>

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

    // What stops the form from being sent, for a person; empty when it may be sent.
    QString validate() const;
    // The request to send (photos are stored separately; their hashes go into `attachments`).
    ActionRequest request() const;
    QStringList photoFiles() const;

    void setComment(const QString &text);
    void setUnit(qint64 unitId);
    void setDate(const QDateTime &utc);
    void addPhotoFiles(const QStringList &files);

    void accept() override; // validates first and shows what is missing

private:
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
};

} // namespace cg
