package com.example.library;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.LocalDate;

@Entity
public class Book {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(unique = true, nullable = false, length = 13)
    private String isbn;

    private String title;

    @Column(precision = 10, scale = 2)
    private BigDecimal price;

    private LocalDate published;

    @Enumerated(EnumType.STRING)
    private Genre genre;

    private int pages;

    protected Book() {
    }

    public Book(String isbn, String title, BigDecimal price, LocalDate published, Genre genre, int pages) {
        this.isbn = isbn;
        this.title = title;
        this.price = price;
        this.published = published;
        this.genre = genre;
        this.pages = pages;
    }

    public Long getId() {
        return id;
    }

    public String getIsbn() {
        return isbn;
    }

    public String getTitle() {
        return title;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public LocalDate getPublished() {
        return published;
    }

    public Genre getGenre() {
        return genre;
    }

    public int getPages() {
        return pages;
    }
}
