#pragma once

#include <QLineEdit>

class QTimer;

namespace shop {

// A search box that asks for a search once the typing pauses: one query per
// pause, not one per key.
class SearchField : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SearchField)

public:
    explicit SearchField(QWidget *parent = nullptr);

Q_SIGNALS:
    void searchChanged(const QString &text);

private:
    QTimer *m_pause;
};

} // namespace shop
