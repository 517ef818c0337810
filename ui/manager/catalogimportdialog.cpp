#include "catalogimportdialog.h"

#include "importpreviewmodel.h"
#include "ui/common/backgroundtask.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <atomic>
#include <stop_token>
#include <utility>

namespace shop {

using catalog::ImportAction;

// Written by the worker, read by the progress timer: no widget crosses threads.
struct CatalogImportDialog::Applying
{
    std::atomic<int> written{0};
    std::atomic<int> total{0};
    std::stop_source stop;
};

CatalogImportDialog::CatalogImportDialog(CatalogTransfer &transfer, const QString &path, const QString &userName,
                                         QWidget *parent)
    : QDialog(parent)
    , m_transfer(transfer)
    , m_path(path)
    , m_userName(userName)
    , m_model(new ImportPreviewModel(this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_summary(new QLabel)
    , m_show(new QComboBox)
    , m_table(new QTableView)
    , m_progress(new QProgressBar)
    , m_progressTimer(new QTimer(this))
    , m_buttons(new QDialogButtonBox)
{
    setWindowTitle(tr("Import products from %1").arg(QFileInfo(path).fileName()));
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setWordWrap(true);
    m_show->setObjectName(QStringLiteral("importShow"));
    m_show->addItem(tr("All rows"), QString());
    for (const ImportAction action :
         {ImportAction::Rejected, ImportAction::Create, ImportAction::Update, ImportAction::Unchanged})
        m_show->addItem(tr("Only %1").arg(catalog::actionName(action)), catalog::actionName(action));
    m_filtered->setSourceModel(m_model);
    m_filtered->setFilterKeyColumn(ImportPreviewModel::ActionColumn);
    m_table->setObjectName(QStringLiteral("importPreview"));
    m_table->setModel(m_filtered);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ImportPreviewModel::ReasonColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(ImportPreviewModel::LineColumn, 60);
    m_table->setColumnWidth(ImportPreviewModel::ActionColumn, 90);
    m_table->setColumnWidth(ImportPreviewModel::SkuColumn, 130);
    m_table->setColumnWidth(ImportPreviewModel::NameColumn, 200);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->hide();
    m_apply = m_buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("applyImport"));
    m_apply->setEnabled(false);
    m_cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelImport"));

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_summary, 1);
    filterRow->addWidget(new QLabel(tr("Show:")));
    filterRow->addWidget(m_show);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filterRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_buttons);
    resize(820, 480);

    connect(m_show, &QComboBox::currentIndexChanged, this, [this] {
        const QString action = m_show->currentData().toString();
        m_filtered->setFilterRegularExpression(
            action.isEmpty() ? QString() : QStringLiteral("^%1$").arg(QRegularExpression::escape(action)));
    });
    connect(m_apply, &QPushButton::clicked, this, &CatalogImportDialog::apply);
    connect(m_cancel, &QPushButton::clicked, this, &CatalogImportDialog::reject);
    connect(m_progressTimer, &QTimer::timeout, this, &CatalogImportDialog::showProgress);
    readFile();
}

CatalogImportDialog::~CatalogImportDialog()
{
    if (m_applying)
        m_applying->stop.request_stop();
}

void CatalogImportDialog::reject()
{
    if (m_stage != Stage::Applying) {
        QDialog::reject();
        return;
    }
    // The worker rolls back at its next batch; showOutcome says so.
    m_applying->stop.request_stop();
    m_cancel->setEnabled(false);
    m_summary->setText(tr("Cancelling… nothing will be imported."));
}

void CatalogImportDialog::readFile()
{
    setStage(Stage::Reading);
    m_summary->setText(tr("Reading %1…").arg(QDir::toNativeSeparators(m_path)));
    m_apply->setEnabled(false);
    CatalogTransfer &transfer = m_transfer;
    runInBackground(this, [&transfer, path = m_path] { return transfer.previewFile(path); },
                    [this](const Result<catalog::ImportPreview> &preview) { showPreview(preview); });
}

void CatalogImportDialog::showPreview(const Result<catalog::ImportPreview> &preview)
{
    if (!preview) {
        m_summary->setText(tr("Could not read the file: %1").arg(preview.error().detail));
        m_preview = {};
        m_model->setRows({});
        setStage(Stage::Done);
        return;
    }
    m_preview = preview.value();
    m_model->setRows(m_preview.rows);
    if (!m_preview.fileError.isEmpty()) {
        m_summary->setText(tr("The file cannot be imported: line %1: %2")
                               .arg(m_preview.fileErrorLine)
                               .arg(m_preview.fileError));
        setStage(Stage::Done);
        return;
    }
    const int rejected = m_preview.count(ImportAction::Rejected);
    const QString notice = std::exchange(m_notice, QString());
    const int writes = m_preview.count(ImportAction::Create) + m_preview.count(ImportAction::Update);
    QString summary = tr("%1 to create, %2 to update, %3 unchanged, %4 rejected.")
                          .arg(m_preview.count(ImportAction::Create))
                          .arg(m_preview.count(ImportAction::Update))
                          .arg(m_preview.count(ImportAction::Unchanged))
                          .arg(rejected);
    if (rejected > 0)
        summary += u' ' + tr("Fix the rejected rows and import the file again: nothing is imported while any row is rejected.");
    else if (writes == 0)
        summary += u' ' + tr("Nothing to change.");
    m_summary->setText(notice.isEmpty() ? summary : notice + u' ' + summary);
    m_apply->setEnabled(m_preview.canApply() && writes > 0);
    setStage(Stage::Previewed);
}

void CatalogImportDialog::apply()
{
    if (m_stage != Stage::Previewed || !m_preview.canApply())
        return;
    m_applying = std::make_shared<Applying>();
    m_applying->total = m_preview.count(ImportAction::Create) + m_preview.count(ImportAction::Update);
    m_apply->setEnabled(false);
    m_show->setEnabled(false);
    m_progress->setRange(0, m_applying->total);
    m_progress->setValue(0);
    m_progress->show();
    m_summary->setText(tr("Importing…"));
    m_progressTimer->start(100);
    setStage(Stage::Applying);

    CatalogTransfer &transfer = m_transfer;
    runInBackground(
        this,
        [&transfer, preview = m_preview, user = m_userName, applying = m_applying] {
            return transfer.apply(
                preview, user, [applying](int written, int) { applying->written = written; },
                applying->stop.get_token());
        },
        [this](const Result<ImportOutcome> &outcome) { showOutcome(outcome); });
}

void CatalogImportDialog::showProgress()
{
    if (!m_applying)
        return;
    const int written = m_applying->written;
    m_progress->setValue(written);
    if (!m_applying->stop.stop_requested())
        m_summary->setText(tr("Importing… %1 of %2 rows written.").arg(written).arg(m_applying->total.load()));
}

void CatalogImportDialog::showOutcome(const Result<ImportOutcome> &outcome)
{
    m_progressTimer->stop();
    showProgress();
    m_applying.reset();
    m_cancel->setEnabled(true);
    m_show->setEnabled(true);
    if (!outcome) {
        m_summary->setText(tr("The import failed; nothing was imported: %1").arg(outcome.error().detail));
        setStage(Stage::Done);
        return;
    }
    switch (outcome->state) {
    case ImportOutcome::State::Applied: {
        const QString summary = tr("Imported: %1 created, %2 updated, %3 unchanged.")
                                    .arg(outcome->created)
                                    .arg(outcome->updated)
                                    .arg(outcome->unchanged);
        m_summary->setText(summary);
        m_cancel->setText(tr("Close"));
        setStage(Stage::Done);
        Q_EMIT imported(summary);
        return;
    }
    case ImportOutcome::State::Cancelled:
        m_summary->setText(tr("Cancelled: nothing was imported."));
        m_progress->hide();
        setStage(Stage::Done);
        return;
    case ImportOutcome::State::Conflicted:
        // Read the file again against the catalog as it is now; the new
        // preview shows what applying would overwrite.
        m_notice = tr("%n product(s) changed after the preview (first: line %1, %2); nothing was imported. "
                      "This preview is fresh: Apply writes the file over the changes.",
                      nullptr, static_cast<int>(outcome->conflicts.size()))
                       .arg(outcome->conflicts.front().line)
                       .arg(outcome->conflicts.front().sku);
        m_progress->hide();
        readFile();
        return;
    }
}

void CatalogImportDialog::setStage(Stage stage)
{
    m_stage = stage;
    Q_EMIT stageChanged(stage);
}

} // namespace shop
