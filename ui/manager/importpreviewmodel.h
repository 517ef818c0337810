#pragma once

#include "catalog/catalogimport.h"

#include <QAbstractTableModel>

namespace shop {

// The rows of an import preview: line, what will happen, SKU, name and why
// a row is rejected. Holds the whole preview (bounded by the file's row
// limit); a QSortFilterProxyModel on ActionColumn shows one kind.
class ImportPreviewModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportPreviewModel)

public:
    enum Column { LineColumn, ActionColumn, SkuColumn, NameColumn, ReasonColumn, ColumnCount };

    explicit ImportPreviewModel(QObject *parent = nullptr);

    void setRows(QList<catalog::ImportRow> rows);
    const catalog::ImportRow &rowAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "sku: message; price: message"
    static QString reasonText(const catalog::ImportRow &row);

private:
    QList<catalog::ImportRow> m_rows;
};

} // namespace shop
