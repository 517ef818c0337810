#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;

namespace shop {

class PagedTableModelBase;

// The line under a paged table: how many rows are shown of how many match,
// a busy bar while a page loads, and why a page could not be loaded.
class PagedTableStatus : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PagedTableStatus)

public:
    struct Texts
    {
        QString loading;                                   // e.g. "Loading products…"
        std::function<QString(int shown, qint64 total)> shown; // e.g. "40 of 450 products shown"
        QString failed;                                    // %1 is the reason
    };

    // labelName: the object name of the text, for tests and style sheets.
    PagedTableStatus(PagedTableModelBase *model, const QString &labelName, Texts texts, QWidget *parent = nullptr);

private:
    void showState();

    PagedTableModelBase *m_model;
    Texts m_texts;
    QLabel *m_label;
    QProgressBar *m_busy;
};

} // namespace shop
