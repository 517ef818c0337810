#pragma once

#include "core/errors.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// CSV as the catalog import and export read and write it (RFC 4180): a
// header row, then one record per product. Pure: bytes in, records out.
//
// Reading:
// * UTF-8; a leading byte order mark is skipped. A field that is not valid
//   UTF-8 is an error of its record, a header that is not is a file error.
// * The delimiter is ',' or ';', whichever the header row holds more of
//   (outside quotes), so files from spreadsheets set to either work.
// * Fields may be quoted; "" inside quotes is one quote; quoted fields may
//   hold delimiters and line breaks. Records end with LF or CRLF. Blank lines
//   are skipped.
// * Every size is bounded (CsvLimits): the whole file, the number of records
//   and each field. A field over its bound is an error of its record (and is
//   not kept); a file over its bound, or with too many records, is refused.
// * A stray quote (inside an unquoted field, or after a closing quote) is an
//   error of its record; a quote never closed swallows the rest of the file
//   and is a file error naming the line where it opened.
namespace shop::catalog {

struct CsvLimits
{
    qint64 maxFileBytes = 64 * 1024 * 1024;
    int maxRecords = 200'000;  // data records, the header not counted
    int maxFieldBytes = 20'000; // a 5,000-character description of 4-byte characters
};

struct CsvRecord
{
    int line = 0;              // the file line the record starts on (the header is line 1)
    QStringList fields;
    QList<FieldError> errors;  // field = the header's name of the column at fault, or "row"
};

struct CsvTable
{
    QStringList header;
    QList<CsvRecord> records;
    char delimiter = ',';
    QString fileError;   // when not empty, the file cannot be read at all
    int fileErrorLine = 0;
};

CsvTable readCsv(const QByteArray &bytes, const CsvLimits &limits = {});

// One record, fields quoted where they need to be, ending with CRLF.
QByteArray csvLine(const QStringList &fields, char delimiter = ',');

} // namespace shop::catalog
