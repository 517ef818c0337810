#include "pagedtablestatus.h"

#include "pagedtablemodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

namespace shop {

PagedTableStatus::PagedTableStatus(PagedTableModelBase *model, const QString &labelName, Texts texts,
                                   QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_texts(std::move(texts))
    , m_label(new QLabel)
    , m_busy(new QProgressBar)
{
    m_label->setObjectName(labelName);
    m_busy->setRange(0, 0); // busy indicator: the total is unknown until the first page
    m_busy->setMaximumWidth(120);
    m_busy->setMaximumHeight(14);
    m_busy->setTextVisible(false);
    m_busy->hide();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_busy);

    connect(model, &PagedTableModelBase::loadingChanged, this, &PagedTableStatus::showState);
    connect(model, &PagedTableModelBase::pageLoaded, this, &PagedTableStatus::showState);
    connect(model, &PagedTableModelBase::loadFailed, this,
            [this](const QString &message) { m_label->setText(m_texts.failed.arg(message)); });
}

void PagedTableStatus::showState()
{
    m_busy->setVisible(m_model->isLoading());
    if (m_model->isLoading())
        m_label->setText(m_texts.loading);
    else
        m_label->setText(m_texts.shown(m_model->rowCount(), m_model->totalCount()));
}

} // namespace shop
