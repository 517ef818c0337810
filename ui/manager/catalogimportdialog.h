#pragma once

#include "catalog/catalogimport.h"
#include "catalog/catalogtransfer.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace shop {

class ImportPreviewModel;

// Imports a CSV file into the catalog: reads it and shows the preview (each
// row to create, update, leave unchanged or rejected with the reason, and
// the counts), then on Apply writes it with a progress bar and a Cancel
// button. Both steps run off the GUI thread. An import is all or nothing
// (CatalogTransfer): Apply is offered only when no row is rejected, and a
// cancel or a conflict leaves the catalog as it was.
class CatalogImportDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogImportDialog)

public:
    CatalogImportDialog(CatalogTransfer &transfer, const QString &path, const QString &userName,
                        QWidget *parent = nullptr);
    ~CatalogImportDialog() override;

    enum class Stage { Reading, Previewed, Applying, Done };
    Stage stage() const { return m_stage; }
    QTableView *previewTable() const { return m_table; }
    QProgressBar *progressBar() const { return m_progress; }

    // Escape and the window's close button cancel a running import first.
    void reject() override;

Q_SIGNALS:
    void stageChanged(Stage stage);
    // The catalog changed: the import was applied.
    void imported(const QString &summary);

private:
    struct Applying; // shared with the worker: progress and the stop request

    void readFile();
    void showPreview(const Result<catalog::ImportPreview> &preview);
    void apply();
    void showOutcome(const Result<ImportOutcome> &outcome);
    void showProgress();
    void setStage(Stage stage);

    CatalogTransfer &m_transfer;
    QString m_path;
    QString m_userName;
    Stage m_stage = Stage::Reading;
    catalog::ImportPreview m_preview;
    QString m_notice; // shown before the next preview's counts
    std::shared_ptr<Applying> m_applying;
    ImportPreviewModel *m_model = nullptr;
    QSortFilterProxyModel *m_filtered = nullptr;
    QLabel *m_summary = nullptr;
    QComboBox *m_show = nullptr;
    QTableView *m_table = nullptr;
    QProgressBar *m_progress = nullptr;
    QTimer *m_progressTimer = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace shop
