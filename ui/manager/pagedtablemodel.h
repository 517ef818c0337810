#pragma once

#include "core/errors.h"
#include "ui/common/backgroundtask.h"

#include <QAbstractTableModel>
#include <QList>

#include <algorithm>
#include <functional>
#include <memory>
#include <utility>

namespace shop {

// What every paged table model tells its view; a class of its own because a
// class template cannot declare signals.
class PagedTableModelBase : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PagedTableModelBase)

public:
    qint64 totalCount() const { return m_total; }
    bool isLoading() const { return m_isLoading; }

Q_SIGNALS:
    void loadingChanged(bool isLoading);
    // After each page: how many rows are loaded of how many match.
    void pageLoaded(int loaded, qint64 total);
    void loadFailed(const QString &message);

protected:
    using QAbstractTableModel::QAbstractTableModel;

    void setLoading(bool isLoading);

    qint64 m_total = 0; // matching rows on all pages
    bool m_isLoading = false;
    // Bumped by every reload, so a page still in flight for an older filter is dropped.
    quint64 m_generation = 0;
};

// A table whose rows arrive a page at a time as the view scrolls
// (canFetchMore/fetchMore), each page read on the thread pool, so a long
// list costs no more than the rows on screen. Page is a service's page type:
// items plus totalElements. A subclass says how to read one page
// (pageFetch) and how to show a row.
template<typename Page>
class PagedTableModel : public PagedTableModelBase
{
public:
    using Row = typename decltype(Page::items)::value_type;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }

    bool canFetchMore(const QModelIndex &parent) const override
    {
        return !parent.isValid() && !m_isLoading && m_rows.size() < m_total;
    }

    void fetchMore(const QModelIndex &parent) override
    {
        if (canFetchMore(parent))
            loadPage(m_rows.isEmpty() ? nullptr : &m_rows.constLast());
    }

    // Starts the list over from its first page, e.g. after a filter change.
    void reload()
    {
        ++m_generation;
        beginResetModel();
        QList<Row> old = std::exchange(m_rows, {});
        m_total = 0;
        endResetModel();
        releaseInBackground(std::move(old));
        loadPage(nullptr);
    }

protected:
    using PagedTableModelBase::PagedTableModelBase;

    // The call that reads the first page (after is null), counted, or the
    // page after that row (keyset paging: as cheap at the end of a long list
    // as at its start), not counted. It runs on a pool thread, so it holds
    // copies of what it needs and never touches the model.
    virtual std::function<Result<Page>()> pageFetch(const Row *after) const = 0;

    const Row *rowAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr; }

    // Rows that go away: freeing 200,000 orders with their items held the
    // GUI thread for seconds, so a pool thread frees them. The list is the
    // only owner of its data (moved in), so the last reference drops there.
    static void releaseInBackground(QList<Row> rows)
    {
        if (rows.isEmpty())
            return;
        auto held = std::make_shared<QList<Row>>(std::move(rows));
        backgroundPool().start([held] { held->clear(); });
    }

    QList<Row> m_rows;

private:
    void loadPage(const Row *after)
    {
        setLoading(true);
        const quint64 generation = m_generation;
        const bool isFirstPage = after == nullptr;
        runInBackground(this, pageFetch(after), [this, generation, isFirstPage](const Result<Page> &page) {
            if (generation != m_generation)
                return; // a newer filter's load is under way
            setLoading(false);
            if (!page) {
                Q_EMIT loadFailed(page.error().detail);
                return;
            }
            if (!page->items.isEmpty()) {
                const int first = static_cast<int>(m_rows.size());
                beginInsertRows({}, first, first + static_cast<int>(page->items.size()) - 1);
                m_rows.append(page->items);
                endInsertRows();
            }
            // Set after the rows arrive, as the orders view expects: while the
            // first page of a new list arrives canFetchMore is still false, so
            // the view drops a selected order that page does not hold. Later
            // pages are not counted: the first page's total stands, unless
            // rows came or went meanwhile (an empty page ends the list).
            if (isFirstPage)
                m_total = page->totalElements;
            else if (page->items.isEmpty())
                m_total = m_rows.size();
            m_total = std::max<qint64>(m_total, m_rows.size());
            Q_EMIT pageLoaded(static_cast<int>(m_rows.size()), m_total);
        });
    }
};

} // namespace shop
