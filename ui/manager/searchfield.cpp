#include "searchfield.h"

#include <QTimer>

namespace shop {

namespace {

constexpr int kPauseMs = 300;

} // namespace

SearchField::SearchField(QWidget *parent)
    : QLineEdit(parent)
    , m_pause(new QTimer(this))
{
    setClearButtonEnabled(true);
    m_pause->setSingleShot(true);
    m_pause->setInterval(kPauseMs);
    connect(this, &QLineEdit::textChanged, m_pause, qOverload<>(&QTimer::start));
    connect(m_pause, &QTimer::timeout, this, [this] { Q_EMIT searchChanged(text()); });
}

} // namespace shop
